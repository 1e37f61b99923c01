package dev.catalog.local.aws.apigateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTableTest {
    /** Every route is bound to its own route key, so a match names the route that won. */
    private static RouteTable<String> tableOf(String... declarations) {
        RouteTable.Builder<String> builder = RouteTable.builder();
        for (String declaration : declarations) {
            Route route = Route.parse(declaration);
            builder.add(route, route.routeKey());
        }
        return builder.build();
    }

    private static final RouteTable<String> CATALOG = tableOf(
            "GET /v1/products",
            "POST /v1/products",
            "GET /v1/products/{id}",
            "GET /v1/products/featured",
            "PATCH /v1/products/{id}",
            "ANY /v1/products/{id}",
            "GET /v1/products/{id}/attachments/{aid}",
            "GET /v1/products/{id}/attachments/latest",
            "GET /v1/{proxy+}",
            "ANY /{proxy+}",
            "GET /",
            "*");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /v1/products                             | GET /v1/products
            POST   | /v1/products                             | POST /v1/products
            GET    | /v1/products/featured                    | GET /v1/products/featured
            GET    | /v1/products/p-1                         | GET /v1/products/{id}
            PATCH  | /v1/products/p-1                         | PATCH /v1/products/{id}
            DELETE | /v1/products/p-1                         | ANY /v1/products/{id}
            GET    | /v1/products/p-1/attachments/latest      | GET /v1/products/{id}/attachments/latest
            GET    | /v1/products/p-1/attachments/a-9         | GET /v1/products/{id}/attachments/{aid}
            GET    | /v1/products/p-1/attachments             | GET /v1/{proxy+}
            GET    | /v1/anything/deep/below                  | GET /v1/{proxy+}
            POST   | /v1/anything                             | ANY /{proxy+}
            DELETE | /elsewhere                               | ANY /{proxy+}
            GET    | /                                        | GET /
            POST   | /                                        | $default
            get    | /v1/products                             | GET /v1/products
            """)
    void choosesTheMostSpecificRouteLikeAnHttpApi(String method, String path, String expectedRouteKey) {
        assertEquals(expectedRouteKey, CATALOG.match(method, path).orElseThrow().target());
    }

    @Test
    void literalSegmentsWinOverVariablesFromTheLeft() {
        RouteTable<String> table = tableOf("GET /{a}/b", "GET /a/{b}");

        assertEquals("GET /a/{b}", table.match("GET", "/a/b").orElseThrow().target());
    }

    @Test
    void longerGreedyPrefixWinsOverShorterOne() {
        RouteTable<String> table = tableOf("ANY /{proxy+}", "ANY /v1/{proxy+}", "ANY /v1/products/{proxy+}");

        assertEquals("ANY /v1/products/{proxy+}", table.match("GET", "/v1/products/x/y").orElseThrow().target());
        assertEquals("ANY /v1/{proxy+}", table.match("GET", "/v1/commands/x").orElseThrow().target());
        assertEquals("ANY /{proxy+}", table.match("GET", "/v2").orElseThrow().target());
    }

    @Test
    void greedyVariableCapturesTheRestOfThePathDecoded() {
        RouteMatch<String> match = tableOf("GET /files/{path+}").match("GET", "/files/a/b%20c/d.txt").orElseThrow();

        assertEquals(Map.of("path", "a/b c/d.txt"), match.pathParameters());
    }

    @Test
    void greedyVariableNeedsAtLeastOneSegment() {
        RouteTable<String> table = tableOf("ANY /v1/{proxy+}");

        assertEquals(Optional.empty(), table.match("GET", "/v1"));
        assertEquals(Optional.empty(), table.match("GET", "/v1/"));
        assertEquals(Optional.empty(), table.match("GET", "/"));
    }

    @Test
    void pathParametersArePercentDecodedButPlusStaysPlus() {
        RouteMatch<String> match = tableOf("GET /v1/products/{id}/attachments/{aid}")
                .match("GET", "/v1/products/a%2Fb%20c/attachments/x+y").orElseThrow();

        assertEquals(Map.of("id", "a/b c", "aid", "x+y"), match.pathParameters());
        assertEquals("GET /v1/products/{id}/attachments/{aid}", match.route().routeKey());
    }

    @Test
    void variableDoesNotMatchAnEmptySegmentOrExtraSegments() {
        RouteTable<String> table = tableOf("GET /v1/products/{id}");

        assertEquals(Optional.empty(), table.match("GET", "/v1/products/"));
        assertEquals(Optional.empty(), table.match("GET", "/v1/products/a/b"));
        assertEquals(Optional.empty(), table.match("GET", "/v1/products"));
    }

    @Test
    void literalPathsAreCaseSensitive() {
        assertEquals(Optional.empty(), tableOf("GET /v1/products").match("GET", "/V1/Products"));
    }

    @Test
    void methodSpecificRouteWinsOverAnyOnTheSamePath() {
        RouteTable<String> table = tableOf("ANY /items", "GET /items");

        assertEquals("GET /items", table.match("GET", "/items").orElseThrow().target());
        assertEquals("ANY /items", table.match("PUT", "/items").orElseThrow().target());
    }

    @Test
    void wrongMethodWithoutAnyOrDefaultFindsNothing() {
        assertEquals(Optional.empty(), tableOf("GET /items").match("POST", "/items"));
    }

    @Test
    void defaultRouteCatchesEverythingUnmatched() {
        RouteMatch<String> match = tableOf("GET /items", "*").match("OPTIONS", "/nowhere/at/all").orElseThrow();

        assertEquals("$default", match.route().routeKey());
        assertEquals(Map.of(), match.pathParameters());
    }

    @Test
    void routesAreListedInPrecedenceOrderWithDefaultLast() {
        RouteTable<String> table = tableOf("*", "ANY /{proxy+}", "GET /a/{id}", "ANY /a/b", "GET /a/b");

        assertEquals(List.of("GET /a/b", "ANY /a/b", "GET /a/{id}", "ANY /{proxy+}", "$default"),
                table.routes().stream().map(Route::routeKey).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET     | /v1/products/{id}  | GET /v1/products/{id}
            *       | /v1/products       | ANY /v1/products
            any     | /v1/{proxy+}       | ANY /v1/{proxy+}
            *       | *                  | $default
            """)
    void routeKeyIsMethodAndTemplate(String method, String path, String expectedRouteKey) {
        assertEquals(expectedRouteKey, Route.of(method, path).routeKey());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET v1/products",
            "GET /v1/products/{id",
            "GET /v1/products/id}",
            "GET /v1/products/{}",
            "GET /v1/products/{+}",
            "GET /v1/products/x{id}",
            "GET /v1/products/{id}x",
            "GET /v1/{a b}",
            "GET /v1/{proxy+}/more",
            "GET /v1/{id}/{id}",
            "GET /v1//products",
            "GET /v1/products/",
            "GET /v1/products?x=1",
            "FETCH /v1/products",
            "GET",
            "GET /a /b",
            "GET *",
    })
    void rejectsInvalidRouteDeclarations(String declaration) {
        assertThrows(InvalidRouteException.class, () -> Route.parse(declaration));
    }

    @Test
    void rejectionNamesTheOffendingPath() {
        InvalidRouteException error =
                assertThrows(InvalidRouteException.class, () -> Route.parse("GET /v1/products/{id"));

        assertTrue(error.getMessage().contains("/v1/products/{id"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            GET /a/{id}    | GET /a/{id}     | duplicate route key GET /a/{id}
            GET /a/{id}    | GET /a/{key}    | route GET /a/{key} conflicts with GET /a/{id}
            *              | $default        | duplicate route key $default
            ANY /{proxy+}  | * /{proxy+}     | duplicate route key ANY /{proxy+}
            """)
    void rejectsDuplicateRouteKeys(String first, String second, String expectedMessage) {
        RouteTable.Builder<String> builder = RouteTable.<String>builder().add(Route.parse(first), "first");

        InvalidRouteException error =
                assertThrows(InvalidRouteException.class, () -> builder.add(Route.parse(second), "second"));
        assertEquals(expectedMessage, error.getMessage());
    }

    @Test
    void sameTemplateWithDifferentMethodsIsAllowed() {
        RouteTable<String> table = tableOf("GET /a/{id}", "DELETE /a/{id}", "ANY /a/{id}");

        assertEquals(3, table.routes().size());
    }

    @Test
    void emptyTableMatchesNothing() {
        assertEquals(Optional.empty(), RouteTable.<String>empty().match("GET", "/"));
    }
}
