package dev.catalog.local.aws.sns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven checks of filter policy semantics. The cases follow the behaviour described in
 * the Amazon SNS developer guide (string, numeric, key matching, AND/OR logic and constraints);
 * the data is our own.
 */
class FilterPolicyTest {

    private static Map<String, MessageAttribute> attributes(Object... nameTypeValue) {
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (int i = 0; i < nameTypeValue.length; i += 3) {
            attributes.put((String) nameTypeValue[i],
                    new MessageAttribute((String) nameTypeValue[i + 1], (String) nameTypeValue[i + 2], null));
        }
        return attributes;
    }

    private static Arguments attributeCase(String policy, Map<String, MessageAttribute> attributes, boolean matches) {
        return Arguments.of(policy, attributes, matches);
    }

    static Stream<Arguments> attributeScope() {
        var order = attributes(
                "store", "String", "books_corp",
                "event", "String", "order_placed",
                "interests", "String.Array", "[\"chess\",\"cycling\",\"opera\"]",
                "price", "Number", "210.75");
        return Stream.of(
                // exact string: OR within the list, case sensitive
                attributeCase("{\"store\":[\"books_corp\",\"music_corp\"]}", order, true),
                attributeCase("{\"store\":[\"music_corp\"]}", order, false),
                attributeCase("{\"store\":[\"Books_Corp\"]}", order, false),
                // a missing key never matches a value condition
                attributeCase("{\"region\":[\"eu\"]}", order, false),
                // AND across keys
                attributeCase("{\"store\":[\"books_corp\"],\"event\":[\"order_placed\"]}", order, true),
                attributeCase("{\"store\":[\"books_corp\"],\"event\":[\"order_cancelled\"]}", order, false),
                // String.Array: any element may match
                attributeCase("{\"interests\":[\"opera\",\"darts\"]}", order, true),
                attributeCase("{\"interests\":[\"darts\"]}", order, false),
                // exact numbers compare numerically with Number attributes, strings do not
                attributeCase("{\"price\":[210.75]}", order, true),
                attributeCase("{\"price\":[210.750]}", order, true),
                attributeCase("{\"price\":[\"210.75\"]}", order, false),
                attributeCase("{\"store\":[42]}", attributes("store", "String", "42"), false),
                // prefix / suffix / equals-ignore-case
                attributeCase("{\"event\":[{\"prefix\":\"order_\"}]}", order, true),
                attributeCase("{\"event\":[{\"prefix\":\"invoice_\"}]}", order, false),
                attributeCase("{\"event\":[{\"suffix\":\"_placed\"}]}", order, true),
                attributeCase("{\"event\":[{\"suffix\":\"_shipped\"}]}", order, false),
                attributeCase("{\"store\":[{\"equals-ignore-case\":\"BOOKS_CORP\"}]}", order, true),
                attributeCase("{\"store\":[{\"equals-ignore-case\":\"BOOKS\"}]}", order, false),
                // anything-but: single value, list, numbers, prefix, suffix
                attributeCase("{\"event\":[{\"anything-but\":\"order_cancelled\"}]}", order, true),
                attributeCase("{\"event\":[{\"anything-but\":[\"order_placed\",\"order_cancelled\"]}]}", order, false),
                attributeCase("{\"price\":[{\"anything-but\":[100,200]}]}", order, true),
                attributeCase("{\"price\":[{\"anything-but\":210.75}]}", order, false),
                attributeCase("{\"event\":[{\"anything-but\":{\"prefix\":\"order\"}}]}", order, false),
                attributeCase("{\"event\":[{\"anything-but\":{\"prefix\":\"invoice\"}}]}", order, true),
                attributeCase("{\"event\":[{\"anything-but\":{\"suffix\":\"placed\"}}]}", order, false),
                attributeCase("{\"event\":[{\"anything-but\":{\"suffix\":\"shipped\"}}]}", order, true),
                // anything-but on a String.Array: no element may be listed
                attributeCase("{\"interests\":[{\"anything-but\":[\"darts\",\"golf\"]}]}", order, true),
                attributeCase("{\"interests\":[{\"anything-but\":[\"opera\"]}]}", order, false),
                // anything-but needs the key to be present
                attributeCase("{\"region\":[{\"anything-but\":\"eu\"}]}", order, false),
                // numeric ranges
                attributeCase("{\"price\":[{\"numeric\":[\"=\",210.75]}]}", order, true),
                attributeCase("{\"price\":[{\"numeric\":[\">\",210.75]}]}", order, false),
                attributeCase("{\"price\":[{\"numeric\":[\">=\",210.75]}]}", order, true),
                attributeCase("{\"price\":[{\"numeric\":[\"<\",300]}]}", order, true),
                attributeCase("{\"price\":[{\"numeric\":[\"<=\",210.74]}]}", order, false),
                attributeCase("{\"price\":[{\"numeric\":[\">\",0,\"<=\",150]}]}", order, false),
                attributeCase("{\"price\":[{\"numeric\":[\">\",200,\"<\",300]}]}", order, true),
                attributeCase("{\"price\":[{\"numeric\":[\">\",0,\"<=\",150]},{\"numeric\":[\">\",200]}]}", order, true),
                // numeric conditions ignore String attributes that look like numbers
                attributeCase("{\"code\":[{\"numeric\":[\">\",0]}]}", attributes("code", "String", "5"), false),
                // exists
                attributeCase("{\"store\":[{\"exists\":true}]}", order, true),
                attributeCase("{\"region\":[{\"exists\":true}]}", order, false),
                attributeCase("{\"region\":[{\"exists\":false}]}", order, true),
                attributeCase("{\"store\":[{\"exists\":false}]}", order, false),
                attributeCase("{\"blob\":[{\"exists\":true}]}",
                        Map.of("blob", MessageAttribute.binary(new byte[] {1, 2})), true),
                // anything-but combined with exists:false accepts a missing key too
                attributeCase("{\"region\":[{\"anything-but\":\"eu\"},{\"exists\":false}]}", order, true),
                // $or across keys
                attributeCase("{\"$or\":[{\"store\":[\"music_corp\"]},{\"price\":[{\"numeric\":[\">\",200]}]}]}", order, true),
                attributeCase("{\"$or\":[{\"store\":[\"music_corp\"]},{\"price\":[{\"numeric\":[\"<\",100]}]}]}", order, false),
                attributeCase("{\"event\":[\"order_placed\"],\"$or\":[{\"store\":[\"music_corp\"]},{\"interests\":[\"chess\"]}]}", order, true),
                attributeCase("{\"event\":[\"order_shipped\"],\"$or\":[{\"store\":[\"books_corp\"]},{\"interests\":[\"chess\"]}]}", order, false),
                // no attributes at all
                attributeCase("{\"store\":[\"books_corp\"]}", Map.of(), false));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("attributeScope")
    void evaluatesPoliciesAgainstMessageAttributes(String policy, Map<String, MessageAttribute> attributes, boolean matches) {
        assertEquals(matches, FilterPolicy.parse(policy).matchesAttributes(attributes));
    }

    static Stream<Arguments> bodyScope() {
        String order = """
                {"store":"books_corp","event":"order_placed","price":210.75,"gift":false,"coupon":null,
                 "customer":{"interests":["chess","cycling"],"address":{"country":"NO","zip":"0150"}},
                 "lines":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}]}
                """;
        return Stream.of(
                Arguments.of("{\"store\":[\"books_corp\"]}", order, true),
                Arguments.of("{\"store\":[\"music_corp\"]}", order, false),
                // nested keys
                Arguments.of("{\"customer\":{\"address\":{\"country\":[\"NO\",\"SE\"]}}}", order, true),
                Arguments.of("{\"customer\":{\"address\":{\"country\":[\"DK\"]}}}", order, false),
                // arrays in the body: any element may match, also through arrays of objects
                Arguments.of("{\"customer\":{\"interests\":[\"cycling\"]}}", order, true),
                Arguments.of("{\"lines\":{\"sku\":[{\"prefix\":\"B-\"}]}}", order, true),
                Arguments.of("{\"lines\":{\"qty\":[{\"numeric\":[\">\",5]}]}}", order, false),
                // numbers, booleans and null match by JSON type
                Arguments.of("{\"price\":[{\"numeric\":[\">=\",200,\"<\",250]}]}", order, true),
                Arguments.of("{\"price\":[210.75]}", order, true),
                Arguments.of("{\"gift\":[false]}", order, true),
                Arguments.of("{\"gift\":[true]}", order, false),
                Arguments.of("{\"coupon\":[null]}", order, true),
                // exists on nested keys: objects are not leaves
                Arguments.of("{\"customer\":{\"address\":{\"zip\":[{\"exists\":true}]}}}", order, true),
                Arguments.of("{\"customer\":{\"phone\":[{\"exists\":false}]}}", order, true),
                Arguments.of("{\"customer\":[{\"exists\":true}]}", order, false),
                // AND across nested and top-level keys, $or between them
                Arguments.of("{\"store\":[\"books_corp\"],\"customer\":{\"address\":{\"country\":[\"NO\"]}}}", order, true),
                Arguments.of("{\"store\":[\"books_corp\"],\"customer\":{\"address\":{\"country\":[\"SE\"]}}}", order, false),
                Arguments.of("{\"$or\":[{\"event\":[\"order_cancelled\"]},{\"customer\":{\"address\":{\"zip\":[{\"suffix\":\"50\"}]}}}]}", order, true),
                Arguments.of("{\"event\":[{\"anything-but\":{\"prefix\":\"order\"}}]}", order, false),
                Arguments.of("{\"customer\":{\"interests\":[{\"anything-but\":[\"golf\"]}]}}", order, true),
                // a body that is not JSON matches nothing
                Arguments.of("{\"store\":[\"books_corp\"]}", "store=books_corp", false),
                Arguments.of("{\"store\":[{\"exists\":false}]}", "[1,2]", false));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("bodyScope")
    void evaluatesPoliciesAgainstTheJsonMessageBody(String policy, String body, boolean matches) {
        assertEquals(matches, FilterPolicy.parse(policy, FilterPolicy.Scope.MESSAGE_BODY).matchesBody(body));
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of("not json", "failed to parse JSON"),
                Arguments.of("[\"store\"]", "must be a JSON object"),
                Arguments.of("{}", "at least one key"),
                Arguments.of("{\"store\":\"books_corp\"}", "must be an object or an array"),
                Arguments.of("{\"store\":[]}", "Empty arrays are not allowed"),
                Arguments.of("{\"store\":[[\"a\"]]}", "Match value must be String, number, true, false, or null"),
                Arguments.of("{\"store\":[{\"contains\":\"a\"}]}", "Unrecognized match type contains"),
                Arguments.of("{\"store\":[{\"prefix\":5}]}", "prefix match pattern must be a string"),
                Arguments.of("{\"store\":[{\"exists\":\"yes\"}]}", "exists match pattern must be either true or false"),
                Arguments.of("{\"price\":[{\"numeric\":[\"~\",5]}]}", "Unrecognized numeric range operator"),
                Arguments.of("{\"price\":[{\"numeric\":[\">\",\"5\"]}]}", "must be numeric"),
                Arguments.of("{\"price\":[{\"numeric\":[\">\",10,\"<\",5]}]}", "Bottom must be less than top"),
                Arguments.of("{\"price\":[{\"numeric\":[\"<\",10,\">\",5]}]}", "lower bound"),
                Arguments.of("{\"price\":[{\"numeric\":[\">\",1,\"<\",5,\"=\",3]}]}", "Too many elements"),
                Arguments.of("{\"price\":[{\"numeric\":[\"<\",2000000000]}]}", "between -1000000000 and 1000000000"),
                Arguments.of("{\"store\":[{\"anything-but\":{\"contains\":\"x\"}}]}", "Unsupported anything-but pattern"),
                Arguments.of("{\"store\":[{\"anything-but\":[true]}]}", "only strings and numbers"),
                Arguments.of("{\"store\":[{\"prefix\":\"a\",\"suffix\":\"b\"}]}", "exactly one operator"),
                Arguments.of("{\"customer\":{\"country\":[\"NO\"]}}", "does not support nested filter policy"),
                Arguments.of("{\"$or\":[{\"a\":[\"x\"]}]}", "\"$or\" must be an array of at least two objects"),
                Arguments.of("{\"a\":[\"1\"],\"b\":[\"1\"],\"c\":[\"1\"],\"d\":[\"1\"],\"e\":[\"1\"],\"f\":[\"1\"]}",
                        "can not have more than 5 keys"),
                Arguments.of("{\"a\":[1,2,3,4,5,6],\"b\":[1,2,3,4,5,6],\"c\":[1,2,3,4,5]}", "too complex"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPolicies")
    void rejectsPoliciesSnsWouldRefuse(String policy, String expectedMessage) {
        InvalidFilterPolicyException error = assertThrows(InvalidFilterPolicyException.class, () -> FilterPolicy.parse(policy));
        assertTrue(error.getMessage().contains(expectedMessage),
                () -> "expected '" + expectedMessage + "' in '" + error.getMessage() + "'");
    }

    @Test
    void acceptsExactlyFiveKeysAndOneHundredFiftyCombinations() {
        FilterPolicy.parse("{\"a\":[1,2,3,4,5,6],\"b\":[1,2,3,4,5],\"c\":[1,2,3,4,5],\"d\":[\"x\"],\"e\":[\"y\"]}");
    }

    @Test
    void bodyScopeAcceptsNestedPoliciesThatAttributeScopeRejects() {
        String nested = "{\"customer\":{\"country\":[\"NO\"]}}";
        assertTrue(FilterPolicy.parse(nested, FilterPolicy.Scope.MESSAGE_BODY)
                .matchesBody("{\"customer\":{\"country\":\"NO\"}}"));
    }

    @Test
    void readsTheScopeAttributeLikeSns() {
        assertEquals(FilterPolicy.Scope.MESSAGE_ATTRIBUTES, FilterPolicy.Scope.fromAttributeValue(null));
        assertEquals(FilterPolicy.Scope.MESSAGE_BODY, FilterPolicy.Scope.fromAttributeValue("MessageBody"));
        assertThrows(InvalidFilterPolicyException.class, () -> FilterPolicy.Scope.fromAttributeValue("Body"));
    }
}
