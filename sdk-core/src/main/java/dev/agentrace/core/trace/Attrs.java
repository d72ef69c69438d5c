package dev.agentrace.core.trace;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Attributes as two parallel arrays: a span has few attributes, so a linear scan beats hashing, and the
 * arrays cost two small allocations instead of a node per entry. Written only by the span's owner;
 * readers get it after the span ended, through the pipeline's happens-before edge. The map view is
 * read-only and reflects the arrays without copying.
 */
final class Attrs extends AbstractMap<String, Object> {
  private String[] keys;
  private Object[] values;
  private int size;
  int dropped;

  Attrs(int capacity) {
    keys = new String[capacity];
    values = new Object[capacity];
  }

  /** Sets {@code key}; returns false if the limit is reached and the attribute was dropped. */
  boolean put(String key, Object value, int limit) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        values[i] = value;
        return true;
      }
    }
    if (size >= limit) {
      dropped++;
      return false;
    }
    if (size == keys.length) {
      int n = Math.min(Math.max(4, size * 2), Math.max(limit, 4));
      keys = Arrays.copyOf(keys, n);
      values = Arrays.copyOf(values, n);
    }
    keys[size] = key;
    values[size] = value;
    size++;
    return true;
  }

  Attrs copy() {
    Attrs c = new Attrs(Math.max(size, 1));
    System.arraycopy(keys, 0, c.keys, 0, size);
    System.arraycopy(values, 0, c.values, 0, size);
    c.size = size;
    return c;
  }

  @Override
  public Object get(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int size() {
    return size;
  }

  String keyAt(int i) {
    return keys[i];
  }

  void setValueAt(int i, Object value) {
    values[i] = value;
  }

  Object valueAt(int i) {
    return values[i];
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (i >= size) {
              throw new NoSuchElementException();
            }
            int at = i++;
            return new SimpleImmutableEntry<>(keys[at], values[at]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
