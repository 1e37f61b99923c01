package dev.catalog.projection;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.catalog.http.Caller;
import dev.catalog.http.HttpResponses;
import dev.catalog.http.Problem;
import dev.catalog.http.Role;
import java.util.Optional;

/** The read routes' access rule: a verified caller holding at least the {@code viewer} role. */
final class ReadAccess {
    static final Role REQUIRED = Role.VIEWER;

    private ReadAccess() {
    }

    /** The answer refusing the request, or empty when the caller may read. */
    static Optional<APIGatewayV2HTTPResponse> refusal(APIGatewayV2HTTPEvent event) {
        Optional<Caller> caller = Caller.of(event);
        if (caller.isEmpty()) {
            // The JWT authorizer should have answered already; a route without it must not leak data.
            return Optional.of(HttpResponses.problem(Problem.unauthenticated()));
        }
        if (!caller.get().may(REQUIRED)) {
            return Optional.of(HttpResponses.problem(Problem.forbidden(REQUIRED)));
        }
        return Optional.empty();
    }

    static APIGatewayV2HTTPResponse storeUnavailable() {
        return HttpResponses.problem(Problem.of(503, "UNAVAILABLE", "Temporarily unavailable",
                "product views cannot be read right now; retry shortly"));
    }
}
