/** A user's application on the module path: Agentrace's jars are automatic modules named in their manifests. */
module dev.agentrace.smoke {
  requires dev.agentrace.api;
  requires dev.agentrace.core;
  requires dev.agentrace.schema;
  requires dev.agentrace.exporters;
  requires dev.agentrace.langchain4j;
  requires langchain4j.core;
}
