package dev.catalog.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A request the API answers with a problem before doing anything: bad input, no caller, wrong role. */
public class RequestRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final Map<String, String> headers;

    public RequestRejectedException(Problem problem) {
        this(problem, Map.of());
    }

    public RequestRejectedException(Problem problem, Map<String, String> headers) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public static RequestRejectedException validation(List<Problem.FieldError> errors) {
        return new RequestRejectedException(Problem.validation(errors));
    }

    public Problem problem() {
        return problem;
    }

    public APIGatewayV2HTTPResponse toResponse() {
        return withHeaders(HttpResponses.problem(problem), headers);
    }

    public static APIGatewayV2HTTPResponse withHeaders(APIGatewayV2HTTPResponse response, Map<String, String> extra) {
        if (extra.isEmpty()) {
            return response;
        }
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.putAll(extra);
        response.setHeaders(headers);
        return response;
    }
}
