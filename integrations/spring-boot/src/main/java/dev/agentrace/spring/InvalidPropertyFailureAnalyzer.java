package dev.agentrace.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad {@code agentrace.*} property as Spring Boot's "APPLICATION FAILED TO START" description and action. */
final class InvalidPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidPropertyException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Set " + cause.property() + " to " + cause.allowed() + ", or remove it to use the default.", cause);
  }
}
