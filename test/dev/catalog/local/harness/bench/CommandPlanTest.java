package dev.catalog.local.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.catalog.local.harness.bench.CommandPlan.Kind;
import dev.catalog.local.harness.bench.CommandPlan.PlannedCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's command mix: creates first, deletes last, versions that will match. */
class CommandPlanTest {

    @Test
    void twentyThousandCommandsGoOverTwoThousandProductsTenEach() {
        CommandPlan plan = CommandPlan.of(20_000, CommandPlan.DEFAULT_PRODUCTS);

        assertEquals(2000, plan.products());
        assertEquals(20_000, plan.commands());
        assertEquals(2000, plan.count(Kind.CREATE));
        assertEquals(400, plan.count(Kind.DELETE), "one product in five is deleted");
        assertEquals(17_600, plan.count(Kind.UPDATE));
    }

    @Test
    void smallRunsUseFewerProductsSoEachGetsSeveralCommands() {
        assertEquals(20, CommandPlan.productsFor(200, 2000));
        assertEquals(1, CommandPlan.productsFor(5, 2000));
        assertEquals(2000, CommandPlan.productsFor(1_000_000, 2000));
    }

    @Test
    void anUnevenCountIsSpreadOverTheFirstProducts() {
        CommandPlan plan = CommandPlan.of(205, 2000);

        assertEquals(205, plan.commands());
        assertEquals(11, plan.commandsOf(0).size());
        assertEquals(10, plan.commandsOf(19).size());
    }

    @Test
    void everyProductStartsWithItsCreateAndADeleteComesLast() {
        CommandPlan plan = CommandPlan.of(2000, 2000);

        for (int product = 0; product < plan.products(); product++) {
            List<PlannedCommand> commands = plan.commandsOf(product);
            assertEquals(Kind.CREATE, commands.get(0).kind());
            for (int position = 1; position < commands.size() - 1; position++) {
                assertEquals(Kind.UPDATE, commands.get(position).kind(), "product " + product + " position " + position);
            }
            assertTrue(commands.stream().allMatch(command -> command.productIndex() == commands.get(0).productIndex()));
        }
    }

    @Test
    void expectedVersionsFollowTheVersionsThePlanProduces() {
        CommandPlan plan = CommandPlan.of(100, 2000);

        for (int product = 0; product < plan.products(); product++) {
            long version = 0;
            for (PlannedCommand command : plan.commandsOf(product)) {
                long current = version;
                command.expectedVersion().ifPresent(expected -> assertEquals(current, expected, "product " + command.productIndex()));
                version++;
            }
        }
        assertTrue(plan.commandsOf(0).stream().anyMatch(command -> command.expectedVersion().isPresent()));
        assertEquals(Kind.DELETE, plan.commandsOf(0).get(9).kind());
        assertEquals(9, plan.commandsOf(0).get(9).expectedVersion().orElseThrow(), "product 0 is deleted at version 9");
    }

    @Test
    void aSingleCommandIsJustACreate() {
        CommandPlan plan = CommandPlan.of(1, 2000);

        assertEquals(List.of(Kind.CREATE), plan.commandsOf(0).stream().map(PlannedCommand::kind).toList());
    }

    @Test
    void nothingToSendIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CommandPlan.of(0, 2000));
    }
}
