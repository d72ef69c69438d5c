package dev.agentrace.exporters.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStoreTest {

  @Test
  void put_overTheBound_oldestRunsFallOffAndAreCounted() {
    RunStore store = new RunStore(4);
    store.put("t1", "a", "{1a}");
    store.put("t1", "b", "{1b}");
    store.put("t2", "a", "{2a}");
    store.put("t3", "a", "{3a}");
    assertThat(store.put("t4", "a", "{4a}")).containsExactly("t1");
    assertThat(store.spans()).isEqualTo(3);
    assertThat(store.droppedRuns()).isEqualTo(1);
    assertThat(store.snapshot()).containsExactly("{2a}", "{3a}", "{4a}");
  }

  @Test
  void put_sameSpanAgain_replacesItsRecordInPlace() {
    RunStore store = new RunStore(10);
    store.put("t1", "a", "{start}");
    store.put("t1", "b", "{b}");
    assertThat(store.put("t1", "a", "{end}")).isEmpty();
    assertThat(store.snapshot()).containsExactly("{end}", "{b}");
    assertThat(store.spans()).isEqualTo(2);
  }

  @Test
  void put_oneRunLargerThanTheBound_keepsItsNewestSpans() {
    RunStore store = new RunStore(2);
    store.put("t1", "a", "{a}");
    store.put("t1", "b", "{b}");
    store.put("t1", "c", "{c}");
    assertThat(store.snapshot()).containsExactly("{b}", "{c}");
    assertThat(store.runs()).isEqualTo(1);
  }
}
