package io.claimmap.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyBudgetTest {
    @Test
    void largeBodiesGetRoomInArrivalOrderAndAnyAllowedSizeFitsAlone() {
        BodyBudget budget = new BodyBudget(3_000_000);
        BodyBudget.Waiter first = budget.reserve(2_000_000);
        BodyBudget.Waiter second = budget.reserve(2_000_000);
        BodyBudget.Waiter third = budget.reserve(500_000);
        assertTrue(first.granted.isDone());
        assertFalse(second.granted.isDone(), "over the budget: waits");
        assertFalse(third.granted.isDone(), "would fit, but waits behind the one that came first");
        assertEquals(2, budget.waiting());
        budget.release(first.granted.join());
        assertEquals(2_000_000L, second.granted.join());
        assertEquals(500_000L, third.granted.join());
        BodyBudget.Waiter huge = budget.reserve(9_000_000);
        assertFalse(huge.granted.isDone());
        budget.release(second.granted.join());
        budget.release(third.granted.join());
        assertEquals(3_000_000L, huge.granted.join(), "larger than the budget: runs alone");
    }

    @Test
    void aWaiterThatGivesUpLeavesTheQueue() {
        BodyBudget budget = new BodyBudget(1_000_000);
        BodyBudget.Waiter first = budget.reserve(1_000_000);
        BodyBudget.Waiter second = budget.reserve(1_000_000);
        assertTrue(budget.cancel(second));
        assertFalse(budget.cancel(first), "granted already: released instead");
        budget.release(first.granted.join());
        assertFalse(second.granted.isDone());
        assertTrue(budget.reserve(1_000_000).granted.isDone(), "all the room is back");
    }
}
