package dev.cantila.engine.a2p;

import dev.cantila.engine.core.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The moves of each A2P state machine, and the trust tiers. */
class StatusTest {

    @Test
    void brandMoves() {
        assertThat(Status.PENDING.canMove(Status.Kind.BRAND, Status.IN_REVIEW)).isTrue();
        assertThat(Status.PENDING.canMove(Status.Kind.BRAND, Status.APPROVED)).as("never without review").isFalse();
        assertThat(Status.IN_REVIEW.canMove(Status.Kind.BRAND, Status.APPROVED)).isTrue();
        assertThat(Status.IN_REVIEW.canMove(Status.Kind.BRAND, Status.FAILED)).isTrue();
        assertThat(Status.IN_REVIEW.canMove(Status.Kind.BRAND, Status.PENDING)).as("no edit in review").isFalse();
        assertThat(Status.APPROVED.canMove(Status.Kind.BRAND, Status.PENDING)).as("edit: review again").isTrue();
        assertThat(Status.FAILED.canMove(Status.Kind.BRAND, Status.DELETION_PENDING)).isTrue();
        assertThat(Status.DELETION_PENDING.canMove(Status.Kind.BRAND, Status.APPROVED)).isFalse();
        assertThatThrownBy(() -> Status.IN_REVIEW.require(Status.Kind.BRAND, Status.DELETION_PENDING, "brand_1"))
                .isInstanceOf(ApiException.class).hasMessageContaining("brand_1 is IN_REVIEW");
    }

    @Test
    void onlyAnApprovedBrandIsSuspendedAndOnlyASuspendedOneReinstated() {
        assertThat(Status.APPROVED.canMove(Status.Kind.BRAND, Status.SUSPENDED)).isTrue();
        assertThat(Status.SUSPENDED.canMove(Status.Kind.BRAND, Status.APPROVED)).as("reinstated").isTrue();
        assertThat(Status.SUSPENDED.canMove(Status.Kind.BRAND, Status.DELETION_PENDING)).isTrue();
        assertThat(Status.SUSPENDED.canMove(Status.Kind.BRAND, Status.PENDING)).as("no edit while suspended").isFalse();
        assertThat(Status.SUSPENDED.canMove(Status.Kind.BRAND, Status.SUSPENDED)).isFalse();
        for (Status s : java.util.List.of(Status.PENDING, Status.IN_REVIEW, Status.FAILED, Status.DELETION_PENDING)) {
            assertThat(s.canMove(Status.Kind.BRAND, Status.SUSPENDED)).as(s.name()).isFalse();
        }
        assertThatThrownBy(() -> Status.FAILED.require(Status.Kind.BRAND, Status.SUSPENDED, "brand_2"))
                .isInstanceOf(ApiException.class).hasMessageContaining("brand_2 is FAILED and cannot become SUSPENDED");
    }

    @Test
    void campaignNumberAndTollFreeMoves() {
        assertThat(Status.PENDING.canMove(Status.Kind.CAMPAIGN, Status.VERIFIED)).isTrue();
        assertThat(Status.FAILED.canMove(Status.Kind.CAMPAIGN, Status.PENDING)).as("resubmission").isTrue();
        assertThat(Status.VERIFIED.canMove(Status.Kind.CAMPAIGN, Status.PENDING)).isFalse();
        assertThat(Status.PENDING.canMove(Status.Kind.NUMBER, Status.REGISTERED)).isTrue();
        assertThat(Status.REGISTERED.canMove(Status.Kind.NUMBER, Status.PENDING)).isFalse();
        assertThat(Status.PENDING.canMove(Status.Kind.TOLLFREE, Status.APPROVED)).isFalse();
        assertThat(Status.IN_REVIEW.canMove(Status.Kind.TOLLFREE, Status.REJECTED)).isTrue();
        assertThat(Status.REJECTED.canMove(Status.Kind.TOLLFREE, Status.APPROVED)).isFalse();
    }

    @Test
    void tiersFollowTheScore() {
        assertThat(TrustTier.of("PRIVATE_PROFIT", 100)).isEqualTo(TrustTier.HIGH);
        assertThat(TrustTier.of("PRIVATE_PROFIT", 75)).isEqualTo(TrustTier.HIGH);
        assertThat(TrustTier.of("PRIVATE_PROFIT", 74)).isEqualTo(TrustTier.MEDIUM);
        assertThat(TrustTier.of("PRIVATE_PROFIT", 50)).isEqualTo(TrustTier.MEDIUM);
        assertThat(TrustTier.of("PRIVATE_PROFIT", 49)).isEqualTo(TrustTier.LOW);
        assertThat(TrustTier.of("PRIVATE_PROFIT", null)).isEqualTo(TrustTier.LOW);
        assertThat(TrustTier.of("SOLE_PROPRIETOR", 90)).isEqualTo(TrustTier.SOLE_PROPRIETOR);
        assertThat(TrustTier.SOLE_PROPRIETOR.wire()).isEqualTo("sole-proprietor");
    }
}
