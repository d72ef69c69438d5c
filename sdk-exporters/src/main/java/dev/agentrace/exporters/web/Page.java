package dev.agentrace.exporters.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Builds the one HTML page both views use: the template with the stylesheet and script inlined (so the report is
 * self-contained and the live page is one request), a Content-Security-Policy that admits only those inline
 * blocks (by nonce) and no other origin, and the data as inert JSON. Stateless and thread-safe.
 */
final class Page {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TEMPLATE = resource("page.html");
  private static final String SCRIPT = resource("app.js");
  private static final String STYLE = resource("app.css");

  private Page() {}

  /** A fresh random value of {@code bytes} bytes, URL-safe base64: access tokens and CSP nonces. */
  static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /**
   * The page. {@code config} and {@code data} are JSON texts (data an array of JSONL records); {@code live} admits
   * connections back to the page's own origin (the event stream), the report none at all.
   */
  static String render(String nonce, boolean live, String config, String data) {
    String csp = csp(nonce, live);
    // Literal replacement, in this order: the data cannot contain a placeholder that is replaced after it.
    return TEMPLATE
        .replace("%CSP%", csp)
        .replace("%NONCE%", nonce)
        .replace("%STYLE%", STYLE)
        .replace("%SCRIPT%", SCRIPT)
        .replace("%CONFIG%", inert(config))
        .replace("%DATA%", inert(data));
  }

  /**
   * The policy: nothing by default, the two inline blocks by nonce, connections to the page's origin when live.
   * The page carries it in a meta element (the report has no server to send a header); the live server sends it
   * as a header too, with {@code frame-ancestors}, which only a header can set.
   */
  static String csp(String nonce, boolean live) {
    return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; img-src data:; connect-src "
        + (live ? "'self'" : "'none'") + "; base-uri 'none'; form-action 'none'";
  }

  /**
   * JSON safe inside a {@code <script type="application/json">} block: in JSON a {@code <} can only be inside a
   * string, where its escape means the same, so no {@code </script>} or {@code <!--} survives.
   */
  static String inert(String json) {
    return json.replace("<", "\\u003c");
  }

  private static String resource(String name) {
    try (InputStream in = Page.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource dev/agentrace/exporters/web/" + name + " in the agentrace-exporters jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
