package dev.agentrace.exporters.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Map;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS settings: {@code trustedCertificates} and its environment variables read real PEM files, and bad
 * files fail at configuration time with the path in the message. The handshake itself is tested against a
 * loopback HTTPS server in {@code SecurityReliabilityTest}.
 */
class OtlpTlsConfigurationTest {
  @TempDir
  Path dir;

  private static final HeldCertificate CERT = new HeldCertificate.Builder().commonName("collector")
      .addSubjectAlternativeName("localhost").build();

  @Test
  void trustedCertificates_bundleWithCommentsAndAKey_trustsEveryCertificateInIt() throws Exception {
    HeldCertificate other = new HeldCertificate.Builder().commonName("other-ca").certificateAuthority(0).build();
    Path pem = dir.resolve("bundle.pem");
    Files.writeString(pem, "# our collector\n" + CERT.certificatePem() + CERT.privateKeyPkcs8Pem()
        + "\nsome comment\n" + other.certificatePem());

    OtlpHttpExporter.Builder b = OtlpHttpExporter.builder().trustedCertificates(pem);

    assertThat(b.trustManager.getAcceptedIssuers()).containsExactlyInAnyOrder(CERT.certificate(), other.certificate());
    assertThat(b.sslContext.getProtocol()).isEqualTo("TLS");
  }

  @Test
  void trustedCertificates_missingFile_throwsNamingThePath() {
    Path missing = dir.resolve("nope/ca.pem");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().trustedCertificates(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedCertificates")
        .hasMessageContaining(missing.toString());
  }

  @Test
  void trustedCertificates_fileWithoutPemCertificate_throwsNamingThePath() throws Exception {
    Path keyOnly = dir.resolve("key.pem");
    Files.writeString(keyOnly, CERT.privateKeyPkcs8Pem());
    assertThatThrownBy(() -> OtlpHttpExporter.builder().trustedCertificates(keyOnly))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(keyOnly.toString())
        .hasMessageContaining("no PEM certificate");

    Path der = dir.resolve("cert.der");
    Files.write(der, CERT.certificate().getEncoded());
    assertThatThrownBy(() -> OtlpHttpExporter.builder().trustedCertificates(der))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(der.toString());
  }

  @Test
  void trustedCertificates_corruptOrUnterminatedBlock_throwsNamingThePath() throws Exception {
    Path corrupt = dir.resolve("corrupt.pem");
    Files.writeString(corrupt, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> OtlpHttpExporter.builder().trustedCertificates(corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(corrupt.toString())
        .hasMessageContaining("cannot be read");

    Path cut = dir.resolve("cut.pem");
    String pem = CERT.certificatePem();
    Files.writeString(cut, pem.substring(0, pem.indexOf("-----END")));
    assertThatThrownBy(() -> OtlpHttpExporter.builder().trustedCertificates(cut))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("without -----END CERTIFICATE-----");
  }

  @Test
  void environment_certificate_isReadAndTracesFormWins() throws Exception {
    Path good = dir.resolve("good.pem");
    Files.writeString(good, CERT.certificatePem());
    OtlpHttpExporter.Builder b = OtlpHttpExporter.builder();
    OtlpEnvironment.apply(b, Map.of(OtlpEnvironment.CERTIFICATE, dir.resolve("missing.pem").toString(),
        OtlpEnvironment.TRACES_CERTIFICATE, good.toString()));
    assertThat(b.trustManager.getAcceptedIssuers()).containsExactly(CERT.certificate());
  }

  @Test
  void environment_badCertificate_namesTheVariableAndPath() {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> OtlpEnvironment.apply(OtlpHttpExporter.builder(),
        Map.of(OtlpEnvironment.CERTIFICATE, missing.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(OtlpEnvironment.CERTIFICATE)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void isCertificateFailure_certificateProblemsAreFinalNetworkCutsAreNot() {
    assertThat(HttpSender.isCertificateFailure(new SSLPeerUnverifiedException("Hostname 127.0.0.1 not verified"))).isTrue();
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertificateException("unable to find valid certification path"));
    assertThat(HttpSender.isCertificateFailure(untrusted)).isTrue();

    SSLHandshakeException cutShort = new SSLHandshakeException("Remote host terminated the handshake");
    cutShort.initCause(new EOFException("SSL peer shut down incorrectly"));
    assertThat(HttpSender.isCertificateFailure(cutShort)).isFalse();
    assertThat(HttpSender.isCertificateFailure(new SSLException("Connection reset"))).isFalse();
    assertThat(HttpSender.isCertificateFailure(new java.net.ConnectException("Connection refused"))).isFalse();
  }
}
