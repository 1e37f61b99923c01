package dev.catalog.local.aws.apigateway;

import java.util.List;
import java.util.Map;

/**
 * A request as it came off the wire, before it becomes a Lambda event.
 *
 * @param rawPath  percent-encoded, as received
 * @param rawQuery as received without the '?', empty when there is none
 * @param headers  names in any case, each with every value received
 * @param body     empty when there is none
 */
record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        Map<String, List<String>> headers,
        String sourceIp,
        byte[] body) {}
