package dev.edge.hal.esp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The SLIP decoder and the response parser take bytes from a wire we do not control: no input may make them
 * throw anything but their declared exceptions. Jazzer fuzzes with JAZZER_FUZZ=1; the random property test
 * runs a large sample on every build.
 */
class WireFormatFuzzTest {
  private static final ResponseParser PARSER = new ResponseParser(Esp8266.STATUS_BYTES);

  @FuzzTest(maxDuration = "60s")
  void decoderAndParserThrowOnlyDeclaredExceptions(byte[] input) {
    SlipDecoder decoder = new SlipDecoder();
    for (byte b : input) {
      byte[] frame;
      try {
        frame = decoder.feed(b);
      } catch (SlipFramingException expected) {
        continue;
      }
      if (frame != null) {
        parse(frame);
      }
    }
    parse(input);
  }

  @Test
  void randomInputsNeverCrashTheDecoderOrParser() {
    Random random = new Random(20240601);
    for (int i = 0; i < 50_000; i++) {
      byte[] input = new byte[random.nextInt(64)];
      random.nextBytes(input);
      for (int j = 0; j < input.length; j++) {
        int pick = random.nextInt(6); // bias toward the bytes that matter to framing
        if (pick == 0) {
          input[j] = (byte) 0xC0;
        } else if (pick == 1) {
          input[j] = (byte) 0xDB;
        }
      }
      decoderAndParserThrowOnlyDeclaredExceptions(input);
    }
  }

  private static void parse(byte[] frame) {
    try {
      Response r = PARSER.parse(frame);
      if (r.payload().length + 10 != frame.length) {
        throw new AssertionError("payload length does not add up for " + r);
      }
    } catch (MalformedResponseException expected) {
      // refusing is fine
    }
  }
}
