package org.minicnn.notebooks.kernel;

import java.util.ArrayList;
import java.util.List;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A Jupyter kernel for Java: cells are JShell snippets evaluated in this JVM, whose class path (the
 * project's jars and their dependencies) the cells see.
 *
 * <p>A cell's last snippet, when it is an expression without a closing semicolon, is the cell's result: text as
 * {@code String.valueOf}, a {@link java.awt.image.RenderedImage} or an XChart chart as image/png.
 * {@code display(Object)} (imported statically from JJava's {@code BaseNotebookStatics}, as in JJava)
 * shows any object the same way mid-cell. A snippet that does not compile or throws stops the cell and
 * becomes a Jupyter error reply. Checks in notebooks throw; whether the JVM runs with {@code -ea} does
 * not matter to them.
 *
 * <p>Jupyter's interrupt (the kernelspec asks for it as an {@code interrupt_request} message) stops the running
 * snippet through JShell's {@code stop()}; the cell ends with an error that says it was interrupted, its remaining
 * snippets do not run, and the kernel keeps every variable. {@link ValueKeepingExecutionControl} says how code
 * that loops or blocks is stopped.
 */
public final class MiniCnnKernel extends BaseKernel {
  /** Imported into every notebook before its first cell. */
  static final String STARTUP_IMPORTS = "import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;";

  private static final StackTraceElement[] NO_TRACE = new StackTraceElement[0];

  private final ValueKeepingExecutionControl control = new ValueKeepingExecutionControl();
  private final JShell shell;
  /** Set by Jupyter's interrupt, for the cell running then; its remaining snippets do not run. */
  private volatile boolean interruptRequested;

  private MiniCnnKernel(String name, String version, HistoryManager history, JupyterIO io, CommManager comms,
      Renderer renderer, MagicParser magicParser, MagicsRegistry magics, StringStyler errorStyler) {
    super(name, version, languageInfo(), List.of(), history, io, comms, renderer, magicParser, magics, false,
        errorStyler);
    Image.registerAll(renderer);
    renderer.createRegistration(Chart.class).preferring(Image.PNG).supporting(Image.PNG)
        .register((chart, context) -> Image.renderImage(BitmapEncoder.getBufferedImage(chart), context));
    shell = JShell.builder()
        .executionEngine(ValueKeepingExecutionControl.providerOf(control), null)
        .out(System.out)
        .err(System.err)
        .build();
    shell.addToClasspath(System.getProperty("java.class.path"));
    evalRaw(STARTUP_IMPORTS);
  }

  /** A kernel named {@code name}, ready to become the handler of a Jupyter connection. */
  public static MiniCnnKernel create(String name) {
    return new Builder().name(name).build();
  }

  private static LanguageInfo languageInfo() {
    return new LanguageInfo.Builder("Java")
        .version(Runtime.version().toString())
        .mimetype("text/x-java-source")
        .fileExtension(".jshell")
        .pygments("java")
        .codemirror("java")
        .build();
  }

  @Override
  public String getBanner() {
    return "minicnn Java kernel (JShell " + Runtime.version() + ")";
  }

  /**
   * Evaluates the snippets of {@code code} in order and returns the value of the last one when it is
   * an expression written without a closing semicolon (null otherwise; as in IPython, a semicolon
   * hides the value, e.g. the display id that {@code display(...);} returns). Throws {@link CellFailure} at the first snippet that does not
   * compile or throws; the snippets before it keep their effects.
   *
   * <p>Consecutive {@linkplain PlainStatements plain statements} are evaluated as one block, because JShell
   * compiles each snippet separately and slowly. When the block does not compile, its statements are
   * evaluated one by one instead (a rejected block has run nothing), so errors and effects are as without it.
   */
  @Override
  public Object evalRaw(String code) {
    control.forgetValues();
    List<Piece> pieces = split(code);
    Result result = new Result();
    int i = 0;
    while (i < pieces.size()) {
      int end = i;
      while (end < pieces.size() && pieces.get(end).plain()) {
        end++;
      }
      if (end - i >= 2 && evalBlock(pieces.subList(i, end), result)) {
        i = end;
        continue;
      }
      for (Piece piece : pieces.subList(i, Math.max(end, i + 1))) {
        evalPiece(piece, result);
      }
      i = Math.max(end, i + 1);
    }
    return result.last == null || result.lastEndsWithSemicolon || !isExpression(result.last.snippet()) ? null
        : valueOf(result.last);
  }

  /** One snippet of a cell; {@code incomplete} marks the unfinished source at the cell's end. */
  private record Piece(String source, Completeness completeness, boolean plain, boolean incomplete) {}

  /** The last evaluated snippet and whether its source ended with a semicolon the user wrote. */
  private static final class Result {
    SnippetEvent last;
    boolean lastEndsWithSemicolon;
  }

  private List<Piece> split(String code) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    List<Piece> pieces = new ArrayList<>();
    String remaining = code;
    while (!remaining.isBlank()) {
      CompletionInfo info = analysis.analyzeCompletion(remaining);
      if (info.completeness() == Completeness.DEFINITELY_INCOMPLETE
          || info.completeness() == Completeness.CONSIDERED_INCOMPLETE) {
        pieces.add(new Piece(remaining, info.completeness(), false, true));
        break;
      }
      if (info.completeness() == Completeness.UNKNOWN) {
        pieces.add(new Piece(remaining, info.completeness(), false, false));
        break;
      }
      boolean plain = info.completeness() == Completeness.COMPLETE && PlainStatements.isPlainStatement(info.source());
      pieces.add(new Piece(info.source(), info.completeness(), plain, false));
      remaining = info.remaining();
    }
    return pieces;
  }

  private void evalPiece(Piece piece, Result result) {
    if (piece.incomplete()) {
      throw new CellFailure("Incomplete Java source at the end of the cell:\n" + piece.source().strip(), NO_TRACE);
    }
    for (SnippetEvent event : interruptibleEval(piece.source())) {
      if (event.causeSnippet() == null) {
        requireSuccess(event);
        result.last = event;
        result.lastEndsWithSemicolon = piece.completeness() != Completeness.COMPLETE_WITH_SEMI
            && piece.source().strip().endsWith(";");
      }
    }
  }

  /** Evaluates {@code statements} as one block; false, having run nothing, when the block does not compile. */
  private boolean evalBlock(List<Piece> statements, Result result) {
    StringBuilder block = new StringBuilder("{\n");
    statements.forEach(piece -> block.append(piece.source()).append('\n'));
    List<SnippetEvent> events = interruptibleEval(block.append('}').toString());
    for (SnippetEvent event : events) {
      if (event.causeSnippet() == null && event.status() == Snippet.Status.REJECTED) {
        return false;
      }
    }
    for (SnippetEvent event : events) {
      if (event.causeSnippet() == null) {
        requireSuccess(event);
        result.last = event;
        result.lastEndsWithSemicolon = true;
      }
    }
    return true;
  }

  /**
   * JShell's {@code eval(source)}, unless the cell was interrupted before it; throws {@link CellFailure} when the
   * interrupt came before it or stopped it.
   */
  private List<SnippetEvent> interruptibleEval(String source) {
    if (interruptRequested) {
      throw new CellFailure("Interrupted before running: " + firstLine(source), NO_TRACE);
    }
    List<SnippetEvent> events = shell.eval(source);
    ValueKeepingExecutionControl.Interruption interruption = control.takeInterruption();
    if (interruption == null) {
      return events;
    }
    if (interruption.leftRunning()) {
      throw new CellFailure("Interrupted, but the code did not stop: it is blocked outside Java code (in a socket's "
          + "accept or read, for example), where no interrupt reaches it. Its thread " + interruption.threadName()
          + " is left running in the background; what it prints later may appear under other cells. Restart the "
          + "kernel to end it. The code was: " + firstLine(source), NO_TRACE);
    }
    if (interruption.threadName() == null) {
      throw new CellFailure("Interrupted before running: " + firstLine(source), NO_TRACE);
    }
    throw new CellFailure("Interrupted: stopped while running: " + firstLine(source), NO_TRACE);
  }

  /** The first line of {@code source} without a block's opening brace, "…" marking what was left out. */
  private static String firstLine(String source) {
    String text = source.strip();
    if (text.startsWith("{")) {
      text = text.substring(1).strip();
    }
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end).strip() + " …";
  }

  /** Interrupts the running cell: see {@link ValueKeepingExecutionControl} for how its code is stopped. */
  @Override
  public void interrupt() {
    interruptRequested = true;
    shell.stop();
  }

  /** Runs a cell; an interrupt that came before it (when no cell was running) does not stop it. */
  @Override
  protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> request) {
    interruptRequested = false;
    control.clearPendingStop();
    super.handleExecuteRequest(env, request);
  }

  private Object valueOf(SnippetEvent event) {
    ValueKeepingExecutionControl.Value value = event.value() == null ? null : control.takeValue(event.value());
    return value == null ? event.value() : value.object();
  }

  private static boolean isExpression(Snippet snippet) {
    return snippet.kind() == Snippet.Kind.EXPRESSION
        || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  private void requireSuccess(SnippetEvent event) {
    Snippet snippet = event.snippet();
    if (event.status() == Snippet.Status.REJECTED) {
      StringBuilder message = new StringBuilder("Compilation failed:");
      shell.diagnostics(snippet).forEach(diag -> message.append('\n').append(describe(snippet.source(), diag)));
      throw new CellFailure(message.toString(), NO_TRACE);
    }
    JShellException thrown = event.exception();
    if (thrown instanceof UnresolvedReferenceException unresolved) {
      List<String> problems = new ArrayList<>();
      shell.unresolvedDependencies(unresolved.getSnippet()).forEach(problems::add);
      throw new CellFailure("Unresolved symbols in " + unresolved.getSnippet().source().strip() + ": " + problems,
          NO_TRACE);
    }
    if (thrown instanceof EvalException evaluation) {
      throw new CellFailure(evaluation.getExceptionClassName() + ": " + evaluation.getMessage(),
          evaluation.getStackTrace());
    }
    if (thrown != null) {
      throw new CellFailure(thrown.toString(), thrown.getStackTrace());
    }
  }

  private static String describe(String source, Diag diag) {
    int start = (int) Math.max(diag.getStartPosition(), 0);
    int lineStart = source.lastIndexOf('\n', Math.max(start - 1, 0)) + 1;
    int lineEnd = source.indexOf('\n', start);
    String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
    return diag.getMessage(null) + "\n    " + line + "\n    " + " ".repeat(start - lineStart) + "^";
  }

  @Override
  public List<String> formatError(Throwable error) {
    if (!(error instanceof CellFailure)) {
      return super.formatError(error);
    }
    List<String> lines = new ArrayList<>(List.of(errorStyler.primary(error.getMessage())));
    for (StackTraceElement frame : error.getStackTrace()) {
      // Frames of cell code have no class name; their file name is JShell's snippet id, e.g. "#3".
      String where = frame.getClassName().isEmpty()
          ? "cell snippet " + frame.getFileName() + ", line " + frame.getLineNumber()
          : frame.toString();
      lines.add(errorStyler.secondary("    at " + where));
    }
    return lines;
  }

  @Override
  public DisplayData inspect(String code, int at, boolean extraDetail) {
    return null;
  }

  @Override
  public ReplacementOptions complete(String code, int at) {
    int[] anchor = new int[1];
    List<String> names = new ArrayList<>();
    shell.sourceCodeAnalysis().completionSuggestions(code, at, anchor)
        .forEach(suggestion -> names.add(suggestion.continuation()));
    return new ReplacementOptions(names, anchor[0], at);
  }

  @Override
  public String isComplete(String code) {
    Completeness completeness = shell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
    if (completeness.isComplete() || completeness == Completeness.EMPTY) {
      return IS_COMPLETE_YES;
    }
    return completeness == Completeness.UNKNOWN ? IS_COMPLETE_BAD : IS_COMPLETE_MAYBE;
  }

  @Override
  public void onShutdown(boolean isRestarting) {
    super.onShutdown(isRestarting);
    shell.close();
  }

  /** Reaches the protected parts of the library's builder. */
  private static final class Builder extends BaseKernelBuilder<Builder, MiniCnnKernel> {
    @Override
    public MiniCnnKernel build() {
      return new MiniCnnKernel(buildName(), buildVersion(), buildHistoryManager(),
          buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
          new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()), buildMagicsRegistry(),
          buildErrorStyler());
    }
  }
}
