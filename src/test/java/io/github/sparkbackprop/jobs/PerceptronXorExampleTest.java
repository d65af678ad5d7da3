package io.github.sparkbackprop.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.jobs.PerceptronXorExample.Fit;
import io.github.sparkbackprop.jobs.PerceptronXorExample.Prediction;
import io.github.sparkbackprop.jobs.PerceptronXorExample.Report;
import io.github.sparkbackprop.testing.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The XOR example's logic in-process, on the shipped truth tables in sample-data/. */
class PerceptronXorExampleTest {
  private static final int PERCEPTRON_EPOCHS = 30;

  @TempDir
  Path dir;

  @Test
  void perceptronLearnsAndAndOrButNotXorWhileTheNetworkLearnsXor() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report report;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      report = PerceptronXorExample.run(TestSpark.session(), out, "--data-dir", "sample-data",
          "--perceptron-epochs", Integer.toString(PERCEPTRON_EPOCHS));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTable(report.perceptronAnd(), (a, b) -> a && b);
    assertTable(report.perceptronOr(), (a, b) -> a || b);
    assertTable(report.perceptronXor(), (a, b) -> a ^ b);
    assertTable(report.networkXor(), (a, b) -> a ^ b);

    for (Fit fit : List.of(report.perceptronAnd(), report.perceptronOr())) {
      assertEquals(4, fit.correct(), fit.table() + ": " + fit.predictions());
      assertTrue(fit.epochs() < PERCEPTRON_EPOCHS, fit.table() + " took " + fit.epochs());
      assertTrue(fit.outcome().contains("no mistakes"), fit.outcome());
    }
    Fit xor = report.perceptronXor();
    assertTrue(xor.correct() <= 3, "a line cannot split XOR, yet " + xor.predictions());
    assertEquals(PERCEPTRON_EPOCHS, xor.epochs());
    assertTrue(xor.outcome().contains("reached maxEpochs"), xor.outcome());
    Fit network = report.networkXor();
    assertEquals(4, network.correct(), "the network on XOR: " + network.predictions());
    assertEquals(150, network.epochs(), "the default --network-epochs");

    for (Fit fit : report.fits()) {
      assertEquals(4, fit.predictions().size(), fit.table());
      String heading = fit.model() + " on " + fit.table() + ": " + fit.correct() + " of 4 right"
          + " after " + fit.epochs() + " epochs";
      assertTrue(text.contains(heading), "missing '" + heading + "' in\n" + text);
    }
    assertEquals(4, count(text, "   x1   x2  label  prediction\n"), text);
    assertTrue(text.contains("\n    1    1      1           1\n"),
        "a table row as printed:\n" + text);
    assertTrue(text.contains("the network's hidden layer learned XOR"), text);
    assertEquals(4 - xor.correct(), count(text, "<- wrong"), text);
  }

  @Test
  void missingOrMalformedDataIsReportedWithTheFile() throws IOException {
    StringWriter err = new StringWriter();
    int code = PerceptronXorExample.commandLine().setErr(new PrintWriter(err))
        .execute("--data-dir", dir.toString());
    assertEquals(PerceptronXorExample.EXIT_BAD_INPUT, code);
    assertTrue(err.toString().contains(dir.resolve("logic-and.csv").toString()), err.toString());

    StringWriter badOption = new StringWriter();
    assertEquals(PerceptronXorExample.EXIT_BAD_INPUT, PerceptronXorExample.commandLine()
        .setErr(new PrintWriter(badOption)).execute("--network-epochs", "0"));
    assertTrue(badOption.toString().contains("--network-epochs must be at least 1 but was 0"),
        badOption.toString());

    Files.writeString(dir.resolve("logic-and.csv"), "x1,x2,label\n0,0\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PerceptronXorExample.run(TestSpark.session(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            "--data-dir", dir.toString()));
    assertTrue(e.getMessage().contains("line 2: expected 3 fields but found 2"), e.getMessage());
  }

  private interface Operator {
    boolean apply(boolean a, boolean b);
  }

  private static void assertTable(Fit fit, Operator operator) {
    assertEquals(4, fit.predictions().size(), fit.table());
    int seen = 0;
    for (Prediction p : fit.predictions()) {
      boolean expected = operator.apply(p.x1() == 1, p.x2() == 1);
      assertEquals(expected ? 1.0 : 0.0, p.label(), fit.table() + " row " + p);
      seen |= 1 << (int) (2 * p.x1() + p.x2());
    }
    assertEquals(15, seen, fit.table() + " must hold each of the four inputs once");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  static {
    TestSpark.session();
  }
}
