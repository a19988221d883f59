package io.sre4j.core;

import io.sre4j.core.StateFile.Contents;
import io.sre4j.core.StateFile.Section;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A process that writes the state file again and again, printing {@code wrote <n>} after each
 * write returned; {@link StateFileKillTest} kills it with SIGKILL at random moments. Write
 * {@code n} has {@code writtenAt = n} and a 60 KB payload of the byte {@code n % 251}.
 */
final class StateWriterMain {

  private StateWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    for (long n = first; ; n++) {
      byte[] payload = new byte[60_000];
      Arrays.fill(payload, (byte) (n % 251));
      Contents contents =
          new Contents("kill-test", n, List.of(new Section(StateFile.KIND_SLO, "s", "f", payload)));
      StateFile.writeAtomically(file, StateFile.encode(contents));
      System.out.println("wrote " + n);
      System.out.flush();
    }
  }
}
