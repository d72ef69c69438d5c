package dev.agentrace.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestClockTest {

  @Test
  void create_standsAtDefaultStartUntilMoved() {
    TestClock clock = TestClock.create();
    assertThat(clock.now()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
    assertThat(clock.nowEpochNanos()).isEqualTo(1_735_689_600_000_000_000L).isEqualTo(clock.nowEpochNanos());
  }

  @Test
  void advance_movesForwardExactly() {
    TestClock clock = TestClock.at(Instant.parse("2030-06-01T12:00:00.000000001Z"));
    clock.advance(Duration.ofNanos(1)).advanceMillis(30);
    assertThat(clock.now()).isEqualTo(Instant.parse("2030-06-01T12:00:00.030000002Z"));
  }

  @Test
  void advance_negative_throwsNamingIt() {
    assertThatThrownBy(() -> TestClock.create().advance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-0.001S");
  }

  @Test
  void set_movesEitherWay_andBeforeEpochWorks() {
    TestClock clock = TestClock.create();
    clock.set(Instant.parse("1969-12-31T23:59:59.5Z"));
    assertThat(clock.nowEpochNanos()).isEqualTo(-500_000_000L);
    assertThat(clock.now()).isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
    assertThat(clock.toString()).isEqualTo("TestClock{1969-12-31T23:59:59.500Z}");
  }

  @Test
  void at_outOfNanosRange_throwsNamingIt() {
    assertThatThrownBy(() -> TestClock.at(Instant.parse("2300-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2300-01-01T00:00:00Z");
  }
}
