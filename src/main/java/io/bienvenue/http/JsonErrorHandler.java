package io.bienvenue.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests that never reach the application (a malformed request line, headers
 * too large, an ambiguous path, a path outside the base path), written as the API writes every
 * failure: a JSON {@code message}, never Jetty's HTML page. The message is the status's reason
 * phrase only; nothing of the request is echoed. A request in an HTTP version the server does not
 * speak is the client's fault: it is answered 400, not 505, so protocol garbage never gets a 5xx.
 * Stateless.
 */
final class JsonErrorHandler extends ErrorHandler {

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    int status = clientFault(code);
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    ByteBuffer body = body(status, headers);
    response.write(true, body, callback);
  }

  private static ByteBuffer body(int status, HttpFields.Mutable headers) {
    headers.put(HttpHeader.CONTENT_TYPE, "application/json");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put("X-Content-Type-Options", "nosniff");
    String reason = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT).replace('"', '\'');
    return ByteBuffer.wrap(("{\"message\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static int clientFault(int code) {
    return code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : code;
  }
}
