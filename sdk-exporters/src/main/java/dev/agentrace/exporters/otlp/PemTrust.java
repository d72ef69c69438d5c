package dev.agentrace.exporters.otlp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Turns a PEM file of certificates into a trust manager that trusts exactly those certificates. The
 * certificate blocks are cut out of the text by hand rather than handing the whole file to
 * {@link CertificateFactory}: a CA bundle often carries comments, and a file made for a server may hold
 * its key too, neither of which the JDK parser accepts. Stateless.
 */
final class PemTrust {
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private PemTrust() {}

  /** Throws IllegalArgumentException naming {@code source} and the path when the file is not usable. */
  static X509TrustManager trustManager(Path pemFile, String source) {
    String text;
    try {
      text = Files.readString(pemFile, StandardCharsets.ISO_8859_1);
    } catch (IOException | SecurityException e) {
      throw new IllegalArgumentException(source + ": cannot read the certificate file " + pemFile + " (" + e + ")", e);
    }
    List<String> blocks = new ArrayList<>();
    for (int from = text.indexOf(BEGIN); from >= 0; from = text.indexOf(BEGIN, from + BEGIN.length())) {
      int to = text.indexOf(END, from);
      if (to < 0) {
        throw new IllegalArgumentException(source + ": " + pemFile + " has a certificate block without " + END);
      }
      blocks.add(text.substring(from + BEGIN.length(), to));
    }
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (String block : blocks) {
        byte[] der = Base64.getMimeDecoder().decode(block);
        certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + pemFile + " holds a certificate that cannot be read (" + e + ")", e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + pemFile + " holds no PEM certificate (no " + BEGIN + " block)");
    }
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JVM's default TrustManagerFactory made no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JVM could not build a trust store for " + pemFile + ": " + e, e);
    }
  }

  static SSLContext sslContext(X509TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM offers no TLS SSLContext: " + e, e);
    }
  }
}
