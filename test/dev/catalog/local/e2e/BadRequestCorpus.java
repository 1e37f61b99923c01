package dev.catalog.local.e2e;

import dev.catalog.local.e2e.ProductCommandsSuite.BadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests the API must refuse with a 4xx before anything is written or published. */
final class BadRequestCorpus {
    private BadRequestCorpus() {
    }

    /** @param productId a well-formed product id, for routes whose path must be valid */
    static List<BadRequest> cases(String productId) {
        List<BadRequest> cases = new ArrayList<>();
        String longName = "n".repeat(201);
        for (String body : List.of(
                "{", "", "[]", "null", "42", "\"name\"", "{\"name\": 42}", "{\"name\": null}", "{\"name\": \"\"}",
                "{\"name\": \"   \"}", "{\"name\": \"" + longName + "\"}", "{\"name\": \"bad\\u0000name\"}",
                "{\"name\": \"tab\\tname\"}", "{\"name\": \"bell\\u0007\"}", "{\"name\": \"del\\u007f\"}",
                "{\"name\": \"next line\\u0085\"}", "{\"name\": \"ok\", \"description\": 5}",
                "{\"name\": \"ok\", \"description\": \"" + "d".repeat(4001) + "\"}", "{\"name\": \"ok\", \"extra\": true}",
                "{\"name\": \"ok\", \"productId\": \"" + productId + "\"}", "{}", "{\"name\": [\"a\"]}", "{\"name\": {\"x\": 1}}",
                "{\"name\": \"ok\"}{\"name\": \"again\"}", "{\"name\": \"ok\",}", "{'name': 'single quotes'}")) {
            cases.add(new BadRequest("POST", "/v1/products", body, Map.of()));
        }
        cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"ok\"}", Map.of("content-type", "text/plain")));
        cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"" + "x".repeat(70_000) + "\"}", Map.of()));
        cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"ok\"}", Map.of("Idempotency-Key", "k".repeat(129))));

        String product = "/v1/products/" + productId;
        cases.add(new BadRequest("PATCH", "/v1/products/not-a-uuid", "{\"name\": \"ok\"}", Map.of()));
        cases.add(new BadRequest("PATCH", "/v1/products/123", "{\"name\": \"ok\"}", Map.of()));
        for (String body : List.of("{}", "{\"expectedVersion\": 0, \"name\": \"x\"}", "{\"expectedVersion\": \"1\", \"name\": \"x\"}",
                "{\"expectedVersion\": 1.5, \"name\": \"x\"}", "{\"name\": \"\"}", "{\"name\": \"" + longName + "\"}",
                "{\"unknown\": 1}", "{\"expectedVersion\": 2}", "{\"name\"", "[1]")) {
            cases.add(new BadRequest("PATCH", product, body, Map.of()));
        }

        cases.add(new BadRequest("DELETE", "/v1/products/xyz", null, Map.of()));
        cases.add(new BadRequest("DELETE", product, null, Map.of("If-Match", "\"abc\"")));
        cases.add(new BadRequest("DELETE", product + "?expectedVersion=abc", null, Map.of()));
        cases.add(new BadRequest("DELETE", product + "?expectedVersion=0", null, Map.of()));

        String eleven = "{\"commands\": [" + String.join(",", java.util.Collections.nCopies(11,
                "{\"type\": \"product.create\", \"payload\": {\"name\": \"ok\"}}")) + "]}";
        for (String body : List.of("{\"commands\": []}", eleven,
                "{\"commands\": [{\"type\": \"product.rename\", \"payload\": {}}]}",
                "{\"commands\": [{\"type\": \"product.update\", \"payload\": {\"productId\": \"x\", \"name\": \"n\"}}]}",
                "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"\"}}]}",
                "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"ok\"}, \"commandId\": \"nope\"}]}",
                "{\"commands\": [{\"type\": \"product.create\"}]}", "{\"commands\": \"x\"}", "{}",
                "{\"commands\": [{\"type\": \"product.create\", \"payload\": {\"name\": \"ok\"}, \"extra\": 1}]}")) {
            cases.add(new BadRequest("POST", "/v1/commands", body, Map.of()));
        }

        // Beyond the parser's limits, numbers no long holds, text SQS cannot carry, invisible or blank names (issue 17).
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        for (String path : List.of("/v1/products", "/v1/products/" + productId + "/attachments", "/v1/imports", "/v1/commands")) {
            cases.add(new BadRequest("POST", path, "{\"name\": " + deep + "}", Map.of()));
        }
        cases.add(new BadRequest("PATCH", "/v1/products/" + productId, "{\"name\": \"x\", \"expectedVersion\": 1e400}", Map.of()));
        cases.add(new BadRequest("POST", "/v1/commands", "{\"commands\": [{\"type\": \"product.delete\", \"payload\": "
                + "{\"productId\": \"" + productId + "\", \"expectedVersion\": 1e400}}]}", Map.of()));
        cases.add(new BadRequest("POST", "/v1/products/" + productId + "/attachments",
                "{\"fileName\": \"a.pdf\", \"contentType\": \"application/pdf\", \"sizeBytes\": 1e400}", Map.of()));
        cases.add(new BadRequest("POST", "/v1/imports", "{\"format\": \"csv\", \"sizeBytes\": 1e400}", Map.of()));
        for (String name : List.of("desk\uffff", "desk\\uffff", "desk\\ud800", "desk\\u202etxt.exe", "wal\\u200bnut",
                "\\ufeffdesk", "\u00a0\u00a0", "\u3000", "\\u0301\\u0308")) {
            cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"" + name + "\"}", Map.of()));
        }
        cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"ok\", \"description\": \"oak \\uffff\"}", Map.of()));
        cases.add(new BadRequest("POST", "/v1/products", "{\"name\": \"ok\", \"description\": \"oak \\udc00\"}", Map.of()));

        cases.add(new BadRequest("GET", "/v1/commands/not-a-uuid", null, Map.of()));
        cases.add(new BadRequest("GET", "/v1/products/not-a-uuid", null, Map.of()));
        for (String query : List.of("limit=0", "limit=1000", "limit=abc", "cursor=garbage", "prefix=" + "p".repeat(201))) {
            cases.add(new BadRequest("GET", "/v1/products?" + query, null, Map.of()));
        }
        cases.add(new BadRequest("GET", "/v1/products/%2e%2e", null, Map.of()));
        cases.add(new BadRequest("POST", "/v1/products/..%2fcommands", "{\"name\": \"ok\"}", Map.of()));
        return cases;
    }
}
