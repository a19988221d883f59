package io.sre4j.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A module's public API as text, one line per public or protected type, constructor, method and
 * field, read by reflection from the compiled classes, and its check against the module's golden
 * file {@code <module>/api/<module>.api}.
 *
 * <p>Format: a type line ({@code public final class io.sre4j.core.SloRegistry implements
 * AutoCloseable}), then its members indented by two spaces ({@code   public SloRegistry.Builder
 * service(String)}). Types are sorted by name, members by their text. Type names are written
 * without their package when they are in {@code java.lang} or in the declaring type's package,
 * fully qualified otherwise. Synthetic and bridge members are left out; record component
 * accessors and enum {@code values}/{@code valueOf} are methods like any other. A nested type
 * counts only when its enclosing types are exported too. Private, package-private, anonymous and
 * local classes are not API.
 *
 * <p>Used by each published module's {@code ApiGoldenFileTest}: the build fails when the code's
 * API differs from the file, printing the difference; {@code -Dsre4j.api.update=true} rewrites
 * the file instead, to be committed with the change.
 *
 * <p><b>Thread safety:</b> stateless. <b>Cost:</b> loads (without initializing) every class of
 * the given packages.
 */
public final class ApiSurface {

  /** The system property that rewrites the golden files instead of comparing them. */
  public static final String UPDATE_PROPERTY = "sre4j.api.update";

  private static final int TYPE_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
  // not synchronized, native or strictfp: they do not change what a caller can do; and the
  // varargs bit of a method is the transient bit of a field
  private static final int METHOD_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
  private static final int FIELD_MODIFIERS = METHOD_MODIFIERS | Modifier.TRANSIENT
      | Modifier.VOLATILE;

  private final List<Class<?>> types;

  private ApiSurface(List<Class<?>> types) {
    this.types = types;
  }

  /**
   * The API of the classes compiled into {@code classes} whose package is {@code packagePrefix}
   * or one of its subpackages.
   *
   * @param classes a class output directory ({@code target/classes}) whose classes are on the
   *     class path of the caller's class loader
   * @param packagePrefix a package name such as {@code io.sre4j.core}
   * @return the API, never empty when the directory holds a public type of the package
   * @throws UncheckedIOException when the directory cannot be read
   * @throws IllegalStateException when a class file there cannot be loaded
   */
  public static ApiSurface of(Path classes, String packagePrefix) {
    Path root = classes.resolve(packagePrefix.replace('.', '/'));
    List<Class<?>> exported = new ArrayList<>();
    ClassLoader loader = ApiSurface.class.getClassLoader();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String relative = classes.relativize(file).toString().replace('\\', '/');
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        if (name.endsWith("package-info")) {
          continue;
        }
        Class<?> type;
        try {
          type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          throw new IllegalStateException("cannot load " + name + " from " + classes, e);
        }
        if (isExported(type)) {
          exported.add(type);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    exported.sort(Comparator.comparing(Class::getName));
    return new ApiSurface(List.copyOf(exported));
  }

  /**
   * The API's lines, types in name order, each followed by its members in text order.
   *
   * @return the lines, without line terminators
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (Class<?> type : types) {
      lines.add(typeLine(type));
      Set<String> members = new TreeSet<>();
      for (Field field : type.getDeclaredFields()) {
        if (!field.isSynthetic() && isVisible(field.getModifiers())) {
          members.add(modifiers(field.getModifiers() & FIELD_MODIFIERS) + name(field.getGenericType(), type)
              + " " + field.getName());
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (!constructor.isSynthetic() && isVisible(constructor.getModifiers())) {
          members.add(executable(constructor, type, null));
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (!method.isSynthetic() && !method.isBridge() && isVisible(method.getModifiers())) {
          members.add(executable(method, type, method));
        }
      }
      members.forEach(member -> lines.add("  " + member));
    }
    return lines;
  }

  /**
   * The number of public top-level types.
   *
   * @return zero or more
   */
  public int topLevelTypes() {
    return (int) types.stream().filter(t -> t.getEnclosingClass() == null).count();
  }

  /**
   * The number of public or protected methods (not constructors) of every exported type, nested
   * ones included.
   *
   * @return zero or more
   */
  public int methods() {
    return types.stream()
        .mapToInt(t -> (int) Arrays.stream(t.getDeclaredMethods())
            .filter(m -> !m.isSynthetic() && !m.isBridge() && isVisible(m.getModifiers()))
            .count())
        .sum();
  }

  /**
   * Compares this API with the golden file {@code api/<module>.api} of the module whose tests
   * run in the current directory, or rewrites the file when the system property
   * {@value #UPDATE_PROPERTY} is {@code true}. Prints the counts either way.
   *
   * @param module the module's artifact id, such as {@code sre-core}
   * @throws AssertionError when the file is missing or differs, with the lines that differ and
   *     the command that updates it
   * @throws UncheckedIOException when the file cannot be read or written
   */
  public void checkGoldenFile(String module) {
    Path file = Path.of("api", module + ".api");
    List<String> actual = new ArrayList<>();
    actual.add("# " + module + " public API: " + topLevelTypes() + " public top-level types, "
        + methods() + " public methods. Generated by ApiSurface; update with "
        + "-D" + UPDATE_PROPERTY + "=true.");
    actual.addAll(lines());
    System.out.println(actual.get(0));
    try {
      if (Boolean.getBoolean(UPDATE_PROPERTY)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        throw new AssertionError(module + "/" + file + " does not exist; " + howToUpdate(module));
      }
      List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!expected.equals(actual)) {
        throw new AssertionError("the public API of " + module + " differs from " + module + "/"
            + file + " (- in the file only, + in the code only):\n" + diff(expected, actual)
            + "\nIf the change is meant, " + howToUpdate(module));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String howToUpdate(String module) {
    return "rewrite it with `mvn -B -pl " + module + " -am test -Dtest=ApiGoldenFileTest"
        + " -Dsurefire.failIfNoSpecifiedTests=false -D" + UPDATE_PROPERTY + "=true` (or add -D"
        + UPDATE_PROPERTY + "=true to any build) and commit " + module + "/api/" + module
        + ".api with the change.";
  }

  /**
   * The lines only in {@code expected} ({@code -}) or only in {@code actual} ({@code +}), each
   * with the type line it belongs to.
   */
  static String diff(List<String> expected, List<String> actual) {
    Set<String> inExpected = new TreeSet<>(withType(expected));
    Set<String> inActual = new TreeSet<>(withType(actual));
    Set<String> all = new TreeSet<>(inExpected);
    all.addAll(inActual);
    return all.stream()
        .filter(line -> inExpected.contains(line) != inActual.contains(line))
        .map(line -> (inExpected.contains(line) ? "- " : "+ ") + line)
        .collect(Collectors.joining("\n"));
  }

  /** Each member line prefixed with its type's line, so that the diff names the type. */
  private static List<String> withType(List<String> lines) {
    List<String> out = new ArrayList<>();
    String type = "";
    for (String line : lines) {
      if (line.startsWith("  ")) {
        out.add(type + " :: " + line.strip());
      } else {
        type = line;
        out.add(line);
      }
    }
    return out;
  }

  private static boolean isExported(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!isVisible(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVisible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String typeLine(Class<?> type) {
    int mods = type.getModifiers() & TYPE_MODIFIERS;
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      mods &= ~Modifier.ABSTRACT;
    } else if (type.isInterface()) {
      kind = "interface";
      mods &= ~Modifier.ABSTRACT;
    } else if (type.isEnum()) {
      kind = "enum";
      mods &= ~(Modifier.FINAL | Modifier.ABSTRACT);
    } else if (type.isRecord()) {
      kind = "record";
      mods &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    if (type.isMemberClass() && (type.isInterface() || type.isEnum() || type.isRecord())) {
      mods &= ~Modifier.STATIC; // implicitly static
    }
    StringBuilder line = new StringBuilder(Modifier.toString(mods));
    if (type.isSealed()) {
      line.append(" sealed");
    }
    line.append(' ').append(kind).append(' ').append(type.getName().replace('$', '.'));
    line.append(typeParameters(type.getTypeParameters(), type));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      line.append(" extends ").append(name(superclass, type));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      line.append(type.isInterface() ? " extends " : " implements ")
          .append(Arrays.stream(interfaces).map(i -> name(i, type))
              .collect(Collectors.joining(", ")));
    }
    if (type.isSealed()) {
      line.append(" permits ").append(Arrays.stream(type.getPermittedSubclasses())
          .map(p -> name(p, type)).sorted().collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static String executable(Executable executable, Class<?> owner, Method method) {
    StringBuilder line = new StringBuilder();
    int mods = executable.getModifiers();
    if (owner.isInterface()) {
      mods &= ~Modifier.ABSTRACT;
    }
    line.append(modifiers(mods & METHOD_MODIFIERS));
    if (method != null && method.isDefault()) {
      line.append("default ");
    }
    String typeParameters = typeParameters(executable.getTypeParameters(), owner);
    if (!typeParameters.isEmpty()) {
      line.append(typeParameters).append(' ');
    }
    if (method != null) {
      line.append(name(method.getGenericReturnType(), owner)).append(' ')
          .append(method.getName());
    } else {
      line.append(name(owner, owner));
    }
    Type[] parameters = executable.getGenericParameterTypes();
    if (parameters.length != executable.getParameterCount()) {
      parameters = executable.getParameterTypes(); // inner-class constructors
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      String name = name(parameters[i], owner);
      if (executable.isVarArgs() && i == parameters.length - 1) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      names.add(name);
    }
    line.append('(').append(String.join(", ", names)).append(')');
    Type[] exceptions = executable.getGenericExceptionTypes();
    if (exceptions.length > 0) {
      line.append(" throws ").append(Arrays.stream(exceptions).map(e -> name(e, owner))
          .sorted().collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String typeParameters(TypeVariable<?>[] variables, Class<?> owner) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(v -> {
      Type[] bounds = v.getBounds();
      if (bounds.length == 1 && bounds[0] == Object.class) {
        return v.getName();
      }
      return v.getName() + " extends " + Arrays.stream(bounds).map(b -> name(b, owner))
          .collect(Collectors.joining(" & "));
    }).collect(Collectors.joining(", ", "<", ">"));
  }

  /** A type's name as written in the file (see the class comment). */
  static String name(Type type, Class<?> owner) {
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        return name(c.getComponentType(), owner) + "[]";
      }
      if (c.isPrimitive()) {
        return c.getName();
      }
      String name = c.getName().replace('$', '.');
      String pkg = c.getPackageName();
      if (pkg.equals("java.lang") || pkg.equals(owner.getPackageName())) {
        return pkg.isEmpty() ? name : name.substring(pkg.length() + 1);
      }
      return name;
    }
    if (type instanceof ParameterizedType p) {
      Type raw = p.getRawType();
      String prefix = name(raw, owner);
      if (p.getOwnerType() instanceof ParameterizedType ownerType) {
        prefix = name(ownerType, owner) + "." + ((Class<?>) raw).getSimpleName();
      }
      return prefix + Arrays.stream(p.getActualTypeArguments()).map(a -> name(a, owner))
          .collect(Collectors.joining(", ", "<", ">"));
    }
    if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + name(w.getLowerBounds()[0], owner);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?"
          : "? extends " + name(upper[0], owner);
    }
    if (type instanceof GenericArrayType g) {
      return name(g.getGenericComponentType(), owner) + "[]";
    }
    if (type instanceof TypeVariable<?> v) {
      return v.getName();
    }
    return type.getTypeName();
  }
}
