package dev.agentrace.examples.spring;

import java.io.IOException;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A support agent on Spring AI, traced by the Agentrace starter with nothing but properties
 * (application.properties). {@code POST /tickets} with a question answers it; {@code GET /actuator/agentrace}
 * shows the span counts and latency percentiles.
 *
 * <p>Without {@code OPENAI_API_KEY} in the environment it talks to {@link OfflineModel}, a loopback server
 * that answers like the OpenAI API, so the demo runs anywhere.
 */
@SpringBootApplication
public class SupportAgentApplication {

  /** Starts the application; with no OpenAI key, against the offline model. */
  public static void main(String[] args) throws IOException {
    String[] all = args;
    if (System.getenv("OPENAI_API_KEY") == null) {
      OfflineModel model = OfflineModel.start();
      all = Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--spring.ai.openai.base-url=" + model.baseUrl();
      all[args.length + 1] = "--spring.ai.openai.api-key=offline";
      System.out.println("No OPENAI_API_KEY: answering from the offline model at " + model.baseUrl());
    }
    SpringApplication.run(SupportAgentApplication.class, all);
  }
}
