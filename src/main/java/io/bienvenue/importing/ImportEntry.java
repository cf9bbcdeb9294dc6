package io.bienvenue.importing;

/**
 * One entry of an import source, in source order: a user to import, or a row that could not even be
 * read as one.
 */
sealed interface ImportEntry permits ImportRow, ImportSkip {

  /** Where in the source the entry is, for the report: {@code line 7}, {@code id 12}. */
  String where();
}
