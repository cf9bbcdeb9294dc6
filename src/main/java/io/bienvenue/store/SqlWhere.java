package io.bienvenue.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A WHERE clause built from attribute filters: column names from {@link UserColumn} only, values as
 * positional parameters. Immutable.
 */
final class SqlWhere {

  private final String sql;
  private final List<Map.Entry<UserColumn, Object>> parameters;

  private SqlWhere(String sql, List<Map.Entry<UserColumn, Object>> parameters) {
    this.sql = sql;
    this.parameters = parameters;
  }

  /**
   * Checks {@code filters} against the model and builds the clause.
   *
   * @throws InvalidRequestException if a name is not an attribute, or a value has the wrong type
   */
  static SqlWhere of(Map<String, ?> filters) {
    List<String> terms = new ArrayList<>();
    List<Map.Entry<UserColumn, Object>> parameters = new ArrayList<>();
    filters.forEach(
        (name, value) -> {
          UserColumn column =
              UserColumn.named(name)
                  .orElseThrow(() -> new InvalidRequestException("user has no attribute " + name));
          if (value == null) {
            terms.add(column.filterColumn() + " IS NULL");
            return;
          }
          if (!column.accepts(value)) {
            throw new InvalidRequestException("wrong value type for user attribute " + name);
          }
          terms.add(column.filterColumn() + " = ?");
          parameters.add(Map.entry(column, column.toFilterValue(value)));
        });
    return new SqlWhere(String.join(" AND ", terms), List.copyOf(parameters));
  }

  String sql() {
    return sql;
  }

  /** Binds this clause's values from {@code firstPosition} on and returns the statement. */
  <S extends SqlStatement<S>> S bindTo(S statement, int firstPosition) {
    int position = firstPosition;
    for (var parameter : parameters) {
      statement.bind(position++, parameter.getValue());
    }
    return statement;
  }

  /** Binds one value of {@code column}, typing a null so every driver accepts it. */
  static void bind(SqlStatement<?> statement, int position, UserColumn column, Object value) {
    if (value == null) {
      statement.bindNull(position, column.sqlType());
    } else {
      statement.bind(position, column.toDatabase(value));
    }
  }
}
