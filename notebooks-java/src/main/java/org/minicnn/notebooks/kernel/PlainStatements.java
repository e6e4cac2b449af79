package org.minicnn.notebooks.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Tells which JShell snippets are plain statements — a statement that declares nothing visible after it,
 * such as {@code Check.equal(...);}, {@code x += 1;} or a {@code for} loop — so that the kernel can evaluate
 * a run of them as one block {@code { s1 s2 … }}. JShell compiles every snippet on its own, a tenth of a
 * second or more each; a block of twenty statements compiles about as fast as one.
 *
 * <p>Variable, class, record, interface and enum declarations are not plain (in a block they would become
 * local and vanish), nor are methods and imports, nor expressions that are not Java statements such as
 * {@code x + 5;} or an expression without its semicolon (JShell shows their value). The judgement is the
 * Java parser's ({@code javac}'s, without attribution), so the text's layout does not matter.
 */
final class PlainStatements {
  private static final JavaCompiler JAVAC = ToolProvider.getSystemJavaCompiler();

  /**
   * What a statement can start with: a statement keyword or block, or a name followed by what ends a
   * variable declaration's type early ({@code .}, {@code (}, an assignment, {@code ++}/{@code --}); used to
   * skip the parser for snippets that are plainly declarations. Array element assignments ({@code a[0] = 1})
   * start like an array-typed declaration and are left to the parser.
   */
  private static final Pattern MAYBE_STATEMENT = Pattern.compile(
      "^(?:(?:for|if|while|do|try|switch|throw|synchronized)\\b|\\{|\\+\\+|--"
          + "|[A-Za-z_$][\\w$]*\\s*(?:\\.|\\(|\\[|=[^=]|[-+*/%&|^]=|<<=|>>>?=|\\+\\+|--))");

  private static final Set<String> DECLARING_KEYWORDS = Set.of("boolean", "byte", "char", "short", "int", "long",
      "float", "double", "var", "final", "void", "import", "record", "class", "interface", "enum", "abstract",
      "static", "public", "private", "protected");

  private static final Set<Tree.Kind> DECLARATIONS = Set.of(Tree.Kind.VARIABLE, Tree.Kind.CLASS, Tree.Kind.RECORD,
      Tree.Kind.INTERFACE, Tree.Kind.ENUM, Tree.Kind.ANNOTATION_TYPE);

  private PlainStatements() {}

  /** Whether {@code source}, one complete JShell snippet, is a single plain statement (see the class comment). */
  static boolean isPlainStatement(String source) {
    String text = source.strip();
    if (text.isEmpty() || !MAYBE_STATEMENT.matcher(text).find()
        || DECLARING_KEYWORDS.contains(text.split("[^\\w$]", 2)[0])) {
      return false;
    }
    return parsesAsOneStatement(text);
  }

  private static boolean parsesAsOneStatement(String statement) {
    String wrapped = "class Snippet { void run() throws Throwable {\n" + statement + "\n} }";
    JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return wrapped;
      }
    };
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavacTask task = (JavacTask) JAVAC.getTask(null, null, diagnostics, List.of("-proc:none"), null, List.of(file));
    Iterable<? extends CompilationUnitTree> units;
    try {
      units = task.parse();
    } catch (java.io.IOException | RuntimeException unparsable) {
      return false;
    }
    if (!diagnostics.getDiagnostics().isEmpty()) {
      return false;
    }
    List<? extends Tree> types = units.iterator().next().getTypeDecls();
    if (types.size() != 1 || !(types.get(0) instanceof ClassTree type) || type.getMembers().size() != 1
        || !(type.getMembers().get(0) instanceof MethodTree method)) {
      // The statement closed the wrapper early, e.g. "} void other() {": not one plain statement.
      return false;
    }
    List<? extends StatementTree> statements = method.getBody().getStatements();
    return statements.size() == 1 && !DECLARATIONS.contains(statements.get(0).getKind());
  }
}
