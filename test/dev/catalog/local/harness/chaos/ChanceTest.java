package dev.catalog.local.harness.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChanceTest {

    @Test
    void decidesForAboutTheShareOfKeysAndAlwaysTheSameWayForOneKey() {
        Chance chance = new Chance(7, 0.04);
        int yes = 0;
        for (int key = 0; key < 20_000; key++) {
            if (chance.of("message " + key)) {
                yes++;
            }
        }
        assertTrue(yes > 600 && yes < 1000, yes + " of 20,000 keys at a 4% share");
        assertEquals(chance.of("message 42"), new Chance(7, 0.04).of("message 42"));
    }

    @Test
    void theSameSeedDrawsTheSameSequence() {
        assertEquals(draw(new Chance(11, 0.5)), draw(new Chance(11, 0.5)));
    }

    private static List<Boolean> draw(Chance chance) {
        List<Boolean> draws = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            draws.add(chance.getAsBoolean());
        }
        return draws;
    }
}
