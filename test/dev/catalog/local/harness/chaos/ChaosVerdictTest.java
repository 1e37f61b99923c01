package dev.catalog.local.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.harness.chaos.PipelineSnapshot.AuroraProduct;
import dev.catalog.local.harness.chaos.PipelineSnapshot.CommandState;
import dev.catalog.local.harness.chaos.PipelineSnapshot.DeliveredReply;
import dev.catalog.local.harness.chaos.PipelineSnapshot.ProductView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The chaos audit catches each way a pipeline can go wrong, and passes a pipeline that did not. */
class ChaosVerdictTest {
    private static final UUID PRODUCT = UUID.fromString("8c7e1c36-2f7a-4c55-9d1e-1d8f5b3a0c01");
    private static final UUID CREATE = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID RENAME = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final UUID STALE_UPDATE = UUID.fromString("00000000-0000-0000-0000-000000000003");
    private static final UUID DELETE = UUID.fromString("00000000-0000-0000-0000-000000000004");

    private final List<IssuedCommand> issued = List.of(
            new IssuedCommand(CREATE, IssuedCommand.CREATE, PRODUCT, "Desk", "Oak", null, false),
            new IssuedCommand(RENAME, IssuedCommand.UPDATE, PRODUCT, "Desk, large", null, null, true),
            new IssuedCommand(STALE_UPDATE, IssuedCommand.UPDATE, PRODUCT, null, "Walnut", 1L, false),
            new IssuedCommand(DELETE, IssuedCommand.DELETE, PRODUCT, null, null, null, false));

    private final Map<UUID, CommandState> statuses = new HashMap<>(Map.of(
            CREATE, succeeded(1), RENAME, succeeded(2), STALE_UPDATE, new CommandState("FAILED", "VERSION_CONFLICT", null, null),
            DELETE, succeeded(3)));
    private final Set<UUID> processed = new HashSet<>(Set.of(CREATE, RENAME, STALE_UPDATE, DELETE));
    private final Map<UUID, Integer> replies = new HashMap<>(Map.of(CREATE, 1, RENAME, 1, STALE_UPDATE, 1, DELETE, 1));
    private final Map<UUID, AuroraProduct> aurora = new HashMap<>(Map.of(PRODUCT, new AuroraProduct(PRODUCT, "Desk, large", "Oak", 3, true)));
    private final Map<UUID, ProductView> views = new HashMap<>(Map.of(PRODUCT, new ProductView(PRODUCT, "Desk, large", "Oak", 3, true)));
    private Map<String, Integer> deadLetters = Map.of("catalog-dev-product-commands-dlq.fifo", 1);
    private long statusCompletions = 4;
    private List<String> unexpectedDeadLetters = List.of();
    private long unpublishedOutboxRows;
    private final Map<UUID, List<DeliveredReply>> delivered = new HashMap<>(Map.of(
            CREATE, List.of(new DeliveredReply("SUCCEEDED v1")),
            RENAME, List.of(new DeliveredReply("SUCCEEDED v2"), new DeliveredReply("SUCCEEDED v2")),
            STALE_UPDATE, List.of(new DeliveredReply("FAILED VERSION_CONFLICT")),
            DELETE, List.of(new DeliveredReply("SUCCEEDED v3"))));

    @Test
    void passesAPipelineThatAppliedEveryCommandOnceAndProjectedIt() {
        ChaosVerdict verdict = judge();

        assertTrue(verdict.passed(), verdict.toString());
        assertEquals(4, verdict.submitted());
        assertEquals(3, verdict.succeeded());
        assertEquals(Map.of("VERSION_CONFLICT", 1), verdict.failedByDesign());
        assertEquals(1, verdict.productsChecked());
    }

    @Test
    void countsACommandThatNeverCompletedAsLost() {
        statuses.put(STALE_UPDATE, new CommandState("ACCEPTED", null, null, null));

        ChaosVerdict verdict = judge();

        assertEquals(1, verdict.lost().size(), verdict.lost().toString());
        assertTrue(verdict.lost().get(0).contains(STALE_UPDATE.toString()));
        assertFalse(verdict.passed());
    }

    @Test
    void countsASuccessWhoseEffectIsMissingFromAuroraAsLost() {
        aurora.put(PRODUCT, new AuroraProduct(PRODUCT, "Desk", "Oak", 3, true));
        views.put(PRODUCT, new ProductView(PRODUCT, "Desk", "Oak", 3, true));

        ChaosVerdict verdict = judge();

        assertEquals(1, verdict.lost().size(), verdict.lost().toString());
        assertTrue(verdict.lost().get(0).contains("differs from the replay"));
    }

    @Test
    void countsACompletedCommandAuroraNeverRecordedAsLost() {
        processed.remove(RENAME);

        assertEquals(1, judge().lost().size());
    }

    @Test
    void countsAVersionNoSuccessfulCommandExplainsAsAppliedTwice() {
        aurora.put(PRODUCT, new AuroraProduct(PRODUCT, "Desk, large", "Oak", 4, true));
        views.put(PRODUCT, new ProductView(PRODUCT, "Desk, large", "Oak", 4, true));

        ChaosVerdict verdict = judge();

        assertEquals(1, verdict.appliedTwice().size(), verdict.appliedTwice().toString());
        assertTrue(verdict.lost().isEmpty());
    }

    @Test
    void countsASecondReplyCommittedForOneCommandAsAppliedTwice() {
        replies.put(RENAME, 2);

        assertEquals(1, judge().appliedTwice().size());
    }

    @Test
    void countsTwoCommandsClaimingOneVersionAsAppliedTwice() {
        statuses.put(DELETE, succeeded(2));

        ChaosVerdict verdict = judge();

        assertTrue(verdict.appliedTwice().stream().anyMatch(finding -> finding.contains("claimed by 2")), verdict.appliedTwice().toString());
    }

    @Test
    void countsMoreStatusTransitionsThanCompletedCommandsAsAppliedTwice() {
        statusCompletions = 5;

        assertEquals(1, judge().appliedTwice().size());
    }

    @Test
    void countsACompletedCommandWhoseReplyNeverReachedTheClientAsLost() {
        delivered.remove(DELETE);

        assertEquals(1, judge().lost().size());
    }

    @Test
    void countsACommandAnsweredWithTwoDifferentRepliesAsAppliedTwice() {
        delivered.put(RENAME, List.of(new DeliveredReply("SUCCEEDED v2"), new DeliveredReply("SUCCEEDED v3")));

        ChaosVerdict verdict = judge();

        assertEquals(1, verdict.appliedTwice().size(), verdict.appliedTwice().toString());
        assertTrue(verdict.lost().isEmpty());
    }

    @Test
    void countsAViewBehindAuroraAsDiffering() {
        views.put(PRODUCT, new ProductView(PRODUCT, "Desk, large", "Oak", 2, false));

        ChaosVerdict verdict = judge();

        assertEquals(1, verdict.viewsDiffering().size());
        assertFalse(verdict.passed());
    }

    @Test
    void countsAMissingViewAsDiffering() {
        views.clear();

        assertEquals(1, judge().viewsDiffering().size());
    }

    @Test
    void failsWhenTheDeadLetterQueuesHoldMoreThanThePoison() {
        deadLetters = Map.of("catalog-dev-product-commands-dlq.fifo", 1, "catalog-dev-projections-dlq.fifo", 1);

        ChaosVerdict verdict = judge();

        assertEquals(2, verdict.leftInDeadLetters());
        assertFalse(verdict.passed());
    }

    @Test
    void failsWhenALostMessageSitsInTheDeadLetterQueueInPlaceOfAPoisonThatNeverArrived() {
        // One dead letter for one poison: the counts agree, but the dead letter is a projector's event, not the poison.
        deadLetters = Map.of("catalog-dev-projections-dlq.fifo", 1);
        unexpectedDeadLetters = List.of("catalog-dev-projections-dlq.fifo: event product.updated of " + PRODUCT + " version 2");

        ChaosVerdict verdict = judge();

        assertEquals(verdict.poison(), verdict.leftInDeadLetters());
        assertFalse(verdict.deadLettersAreThePoison());
        assertFalse(verdict.passed());
    }

    @Test
    void failsWhenAnyDeadLetterIsNotPoisonEvenBesideAllThePoison() {
        deadLetters = Map.of("catalog-dev-product-commands-dlq.fifo", 1, "catalog-dev-projections-dlq.fifo", 1);
        unexpectedDeadLetters = List.of("catalog-dev-projections-dlq.fifo: event product.updated");

        assertFalse(judge().passed());
    }

    @Test
    void failsWhenThePoisonNeverReachedADeadLetterQueue() {
        deadLetters = Map.of();

        ChaosVerdict verdict = judge();

        assertEquals(0, verdict.leftInDeadLetters());
        assertFalse(verdict.passed());
    }

    @Test
    void failsWhenOutboxRowsWereNeverPublished() {
        unpublishedOutboxRows = 1;

        ChaosVerdict verdict = judge();

        assertTrue(verdict.lost().isEmpty() && verdict.deadLettersAreThePoison());
        assertFalse(verdict.passed());
    }

    @Test
    void failsWhenACommandFailsForAReasonTheWorkloadDoesNotProvoke() {
        statuses.put(STALE_UPDATE, new CommandState("FAILED", "VALIDATION", null, null));

        ChaosVerdict verdict = judge();

        assertEquals(Map.of("VALIDATION", 1), verdict.failedOtherwise());
        assertFalse(verdict.passed());
    }

    private ChaosVerdict judge() {
        PipelineSnapshot snapshot = new PipelineSnapshot(statuses, aurora, processed, replies,
                Map.of(CREATE, 1, RENAME, 1, DELETE, 1), unpublishedOutboxRows, views, deadLetters, unexpectedDeadLetters, statusCompletions,
                delivered);
        return ChaosVerdict.judge(issued, snapshot, 1);
    }

    private static CommandState succeeded(long version) {
        return new CommandState("SUCCEEDED", null, PRODUCT, version);
    }
}
