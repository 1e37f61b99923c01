package dev.catalog.local.harness.chaos;

import dev.catalog.local.harness.chaos.PipelineSnapshot.AuroraProduct;
import dev.catalog.local.harness.chaos.PipelineSnapshot.CommandState;
import dev.catalog.local.harness.chaos.PipelineSnapshot.DeliveredReply;
import dev.catalog.local.harness.chaos.PipelineSnapshot.ProductView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit of a chaos run: what became of every command the API accepted, judged against the
 * stores. Each finding names the ids involved, so a failed run says where to look.
 *
 * <ul>
 *   <li><b>lost</b>: accepted but never completed; completed but never recorded as processed;
 *       completed but its reply never reached a client subscribed to the replies topic; or
 *       succeeded while its effect is missing from Aurora (fewer versions than successful commands,
 *       or a product that differs from the replay of its successful commands in version order);</li>
 *   <li><b>applied twice</b>: a command whose transaction committed more than one reply or event;
 *       a command the client received different replies for, or a reply the status disagrees with;
 *       more versions in Aurora than successful commands; one version claimed by two commands; more
 *       status transitions than completed commands;</li>
 *   <li><b>views that differ</b>: a product whose view is missing or disagrees with Aurora;</li>
 *   <li><b>dead letters</b>: every dead-letter queue together must hold exactly the deliberate poison:
 *       as many dead letters as poison planted and none that is not poison (a lost message in place of
 *       a poison that never arrived has the right count and still fails);</li>
 *   <li><b>unpublished outbox rows</b>: none once the run settled (an event or reply neither the relay nor
 *       the sweeper published is lost to its consumers).</li>
 * </ul>
 */
public record ChaosVerdict(int submitted, int succeeded, Map<String, Integer> failedByDesign, Map<String, Integer> failedOtherwise,
                           List<String> lost, List<String> appliedTwice, List<String> viewsDiffering, int productsChecked,
                           Map<String, Integer> deadLetters, int poison, List<String> unexpectedDeadLetters, long unpublishedOutboxRows,
                           long repliesDelivered) {
    /** The failures the chaos workload provokes on purpose. */
    static final Set<String> BY_DESIGN = Set.of("PRODUCT_NOT_FOUND", "VERSION_CONFLICT");

    public int leftInDeadLetters() {
        return deadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int failedByDesignTotal() {
        return failedByDesign.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int failedOtherwiseTotal() {
        return failedOtherwise.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The must-rules: nothing lost, nothing applied twice, exactly the poison in the dead-letter queues,
     * every outbox row published, every view equal to Aurora.
     */
    public boolean passed() {
        return lost.isEmpty() && appliedTwice.isEmpty() && viewsDiffering.isEmpty() && deadLettersAreThePoison()
                && unpublishedOutboxRows == 0 && failedOtherwise.isEmpty();
    }

    /** Every planted poison and nothing else in the dead-letter queues. */
    public boolean deadLettersAreThePoison() {
        return unexpectedDeadLetters.isEmpty() && leftInDeadLetters() == poison;
    }

    public static ChaosVerdict judge(List<IssuedCommand> issued, PipelineSnapshot snapshot, int poison) {
        List<String> lost = new ArrayList<>();
        List<String> appliedTwice = new ArrayList<>();
        Map<String, Integer> failedByDesign = new TreeMap<>();
        Map<String, Integer> failedOtherwise = new TreeMap<>();
        Map<UUID, List<Succeeded>> succeededByProduct = new LinkedHashMap<>();
        Set<UUID> productsOfTheRun = new LinkedHashSet<>();
        int succeeded = 0;
        int completed = 0;

        for (IssuedCommand command : issued) {
            productsOfTheRun.add(command.productId());
            CommandState state = snapshot.statuses().get(command.commandId());
            String id = command.type() + " " + command.commandId();
            if (state == null || !state.completed()) {
                lost.add(id + " never completed (status " + (state == null ? "missing" : state.status()) + ")");
                continue;
            }
            completed++;
            if (!snapshot.processedCommands().contains(command.commandId())) {
                lost.add(id + " completed " + state.status() + " but Aurora never recorded it as processed");
            }
            List<DeliveredReply> delivered = snapshot.repliesDelivered().getOrDefault(command.commandId(), List.of());
            Set<DeliveredReply> distinct = new LinkedHashSet<>(delivered);
            if (delivered.isEmpty()) {
                lost.add(id + " completed " + state.status() + " but its reply never reached the client");
            } else if (distinct.size() > 1 || !distinct.contains(DeliveredReply.of(state))) {
                appliedTwice.add(id + " answered " + distinct.stream().map(DeliveredReply::outcome).toList() + " while its status says "
                        + DeliveredReply.of(state).outcome());
            }
            int replies = snapshot.repliesPerCommand().getOrDefault(command.commandId(), 0);
            if (replies > 1) {
                appliedTwice.add(id + " committed " + replies + " replies");
            }
            int events = snapshot.eventsPerCommand().getOrDefault(command.commandId(), 0);
            if (events > 1) {
                appliedTwice.add(id + " committed " + events + " events");
            }
            if ("SUCCEEDED".equals(state.status())) {
                succeeded++;
                if (state.resultProductId() != null && !state.resultProductId().equals(command.productId())) {
                    lost.add(id + " succeeded on product " + state.resultProductId() + " instead of " + command.productId());
                }
                succeededByProduct.computeIfAbsent(command.productId(), product -> new ArrayList<>())
                        .add(new Succeeded(command, state.resultVersion() == null ? 0 : state.resultVersion()));
            } else if (BY_DESIGN.contains(state.errorCode())) {
                failedByDesign.merge(state.errorCode(), 1, Integer::sum);
            } else {
                failedOtherwise.merge(String.valueOf(state.errorCode()), 1, Integer::sum);
            }
        }
        long completedInTable = snapshot.statuses().values().stream().filter(CommandState::completed).count();
        if (snapshot.statusCompletions() > completedInTable) {
            appliedTwice.add("the status writer completed commands " + snapshot.statusCompletions() + " times for "
                    + completedInTable + " completed commands");
        }

        for (Map.Entry<UUID, List<Succeeded>> product : succeededByProduct.entrySet()) {
            auditProduct(product.getKey(), product.getValue(), snapshot.products().get(product.getKey()), lost, appliedTwice);
        }

        List<String> viewsDiffering = new ArrayList<>();
        int productsChecked = 0;
        for (UUID productId : productsOfTheRun) {
            AuroraProduct row = snapshot.products().get(productId);
            ProductView view = snapshot.views().get(productId);
            if (row == null) {
                if (view != null) {
                    viewsDiffering.add("product " + productId + " has a view at version " + view.version() + " but no Aurora row");
                }
                continue;
            }
            productsChecked++;
            if (view == null) {
                viewsDiffering.add("product " + productId + " (Aurora version " + row.version() + ") has no view");
            } else if (view.version() != row.version() || view.deleted() != row.deleted()
                    || !Objects.equals(view.name(), row.name()) || !Objects.equals(view.description(), row.description())) {
                viewsDiffering.add("product " + productId + ": Aurora version " + row.version() + (row.deleted() ? " (deleted)" : "")
                        + ", view version " + view.version() + (view.deleted() ? " (deleted)" : ""));
            }
        }
        return new ChaosVerdict(issued.size(), succeeded, failedByDesign, failedOtherwise, lost, appliedTwice, viewsDiffering,
                productsChecked, new TreeMap<>(snapshot.deadLetters()), poison, snapshot.unexpectedDeadLetters(),
                snapshot.unpublishedOutboxRows(), snapshot.repliesDelivered().values().stream().mapToLong(List::size).sum());
    }

    private record Succeeded(IssuedCommand command, long version) {
    }

    /**
     * Successful commands claim versions 1..n of their product, one each, and replaying them in
     * that order gives exactly the Aurora row.
     */
    private static void auditProduct(UUID productId, List<Succeeded> succeeded, AuroraProduct row, List<String> lost,
            List<String> appliedTwice) {
        if (row == null) {
            succeeded.forEach(command -> lost.add(command.command().type() + " " + command.command().commandId()
                    + " succeeded but product " + productId + " is not in Aurora"));
            return;
        }
        succeeded.sort(Comparator.comparingLong(Succeeded::version));
        Map<Long, Integer> claims = new TreeMap<>();
        succeeded.forEach(command -> claims.merge(command.version(), 1, Integer::sum));
        claims.forEach((version, count) -> {
            if (count > 1) {
                appliedTwice.add("product " + productId + " version " + version + " is claimed by " + count + " successful commands");
            }
        });
        if (row.version() > succeeded.size()) {
            appliedTwice.add("product " + productId + " is at version " + row.version() + " after " + succeeded.size()
                    + " successful commands");
            return;
        }
        if (row.version() < succeeded.size()) {
            lost.add("product " + productId + " is at version " + row.version() + " after " + succeeded.size()
                    + " successful commands");
            return;
        }
        String name = null;
        String description = "";
        boolean deleted = false;
        long expectedVersion = 0;
        for (Succeeded command : succeeded) {
            expectedVersion++;
            if (command.version() != expectedVersion) {
                lost.add("product " + productId + " has no successful command for version " + expectedVersion);
                return;
            }
            IssuedCommand change = command.command();
            switch (change.type()) {
                case IssuedCommand.DELETE -> deleted = true;
                default -> {
                    name = change.name() == null ? name : change.name();
                    description = change.description() == null ? description : change.description();
                }
            }
        }
        if (!Objects.equals(name, row.name()) || !Objects.equals(description, row.description()) || deleted != row.deleted()) {
            lost.add("product " + productId + " in Aurora differs from the replay of its " + succeeded.size() + " successful commands");
        }
    }
}
