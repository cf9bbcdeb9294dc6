import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.util.Arrays;

/**
 * Times ES256 signing and verification by Nimbus JOSE with the JDK's provider and with Bouncy
 * Castle's, for bench/run: the measurement behind {@code KeyPairs.verifier}, which verifies with
 * Bouncy Castle, and {@code KeyPairs.signer}, which signs with the JDK.
 *
 * <p>Usage: {@code java -cp target/bienvenue.jar bench/tools/JwsProviders.java SAMPLES}. After 300
 * of each to warm the JIT, prints one line of four medians in milliseconds, each over SAMPLES
 * operations: JDK sign, JDK verify, Bouncy Castle sign, Bouncy Castle verify.
 */
public final class JwsProviders {

  public static void main(String[] args) throws Exception {
    int samples = Integer.parseInt(args[0]);
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
    Payload payload =
        new Payload("{\"iss\":\"http://127.0.0.1:5000\",\"sub\":\"3f2a\",\"aud\":\"app\"}");
    StringBuilder line = new StringBuilder();
    for (boolean bouncyCastle : new boolean[] {false, true}) {
      ECDSASigner signer = new ECDSASigner(key);
      ECDSAVerifier verifier = new ECDSAVerifier(key.toPublicJWK());
      if (bouncyCastle) {
        signer.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        verifier.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
      }
      JWSObject signed = sign(signer, payload);
      for (int i = 0; i < 300; i++) {
        check(sign(signer, payload).verify(verifier));
      }
      double[] signing = new double[samples];
      double[] verifying = new double[samples];
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        signed = sign(signer, payload);
        long middle = System.nanoTime();
        check(signed.verify(verifier));
        verifying[i] = (System.nanoTime() - middle) / 1e6;
        signing[i] = (middle - start) / 1e6;
      }
      line.append(String.format("%.3f %.3f ", median(signing), median(verifying)));
    }
    System.out.println(line.toString().trim());
  }

  private static JWSObject sign(ECDSASigner signer, Payload payload) throws JOSEException {
    JWSObject object = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), payload);
    object.sign(signer);
    return object;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void check(boolean verified) {
    if (!verified) {
      throw new IllegalStateException("a signature did not verify");
    }
  }
}
