package dev.agentrace.core.risk;

import dev.agentrace.core.data.RiskResult;
import java.util.Locale;

/**
 * A kind of sensitive data the risk scan detects in span payloads, attribute values and event
 * attribute values. How each is detected is described in {@code docs/risk-and-redaction.md}.
 *
 * <p>The first four are personal or financial data; the rest are credentials, which {@link
 * Redaction#defaults()} redacts before any exporter sees them.
 */
public enum DataCategory {
  /** An e-mail address. */
  EMAIL,
  /** A phone number in international ({@code +44 20 7946 0958}) or North American ({@code (415) 555-2671}) form. */
  PHONE,
  /** A payment card number of a major network, 13 to 19 digits, Luhn-checked. */
  CREDIT_CARD,
  /** An IBAN with a registered country length and a valid mod-97 check. */
  IBAN,
  /** An API key with a well-known prefix ({@code sk-}, {@code ghp_}, {@code xoxb-}, {@code AIza}, ...) or under a secret-named field. */
  API_KEY,
  /** The token of an {@code Authorization: Bearer} credential. */
  BEARER_TOKEN,
  /** A JSON Web Token: three base64url segments whose header decodes to JSON with an {@code alg} member. */
  JWT,
  /** A cloud access key: an AWS access key id, an AWS secret key or an Azure account key under its field name. */
  CLOUD_ACCESS_KEY,
  /** A PEM private key block ({@code -----BEGIN ... PRIVATE KEY-----}). */
  PRIVATE_KEY;

  private final String id = name().toLowerCase(Locale.ROOT);

  /** The lower-case name used in {@link RiskResult#categories()} and redaction markers, e.g. {@code "api_key"}. */
  public String id() {
    return id;
  }

  /** Whether this category is a credential (API key, bearer token, JWT, cloud access key, private key). */
  public boolean isCredential() {
    return ordinal() >= API_KEY.ordinal();
  }
}
