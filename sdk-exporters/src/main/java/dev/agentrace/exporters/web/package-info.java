/**
 * The picture of a trace, in process: {@link dev.agentrace.exporters.web.LiveView}, a span exporter that serves a
 * live page on loopback (runs as they start, conversation, waterfall, span detail, metrics), and {@link
 * dev.agentrace.exporters.web.HtmlReport}, which writes the same page as one self-contained HTML file. Both use
 * the JDK's HTTP server and static resources in this jar (vanilla JavaScript and CSS); nothing is fetched from or
 * sent to any other origin. Every payload is rendered as text, and spans reach these classes after the SDK's
 * risk/redaction stage, so what the page shows is what any other exporter would ship.
 */
package dev.agentrace.exporters.web;
