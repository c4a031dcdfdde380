package dev.scribe.demo;

import dev.scribe.controller.internal.app.TrustedProxies;
import dev.scribe.core.ConfigurationException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The command-line flags of the demo, parsed without side effects.
 *
 * <pre>{@code
 * DemoOptions options = DemoOptions.parse(List.of("--port", "9090", "--db", "mem"));
 * }</pre>
 *
 * @param port        the HTTP port; 0 picks a free one
 * @param database    the H2 file path (without the .mv.db suffix), or null for an in-memory database
 * @param trace       trace headers and a log line per request
 * @param listEvents  print the event catalogue with its handlers and exit
 * @param help        print the usage and exit
 * @param bind        the address to listen on; loopback unless told otherwise
 * @param adminPassword the password of the account admin (set on start), or null for a random one on first start
 * @param jdbcUrl     a PostgreSQL JDBC URL given to {@code --db} instead of an H2 path, or null
 * @param broker      the AMQP URL of the RabbitMQ broker ({@code --broker}), or null: no outbox, no change feed
 * @param exchange    the topic exchange the outbox publishes to and the feed reads from
 * @param replay      what {@code --replay} asks the relay to publish again at start: {@code dead}, an instant,
 *                    or null
 * @param trustedProxies the proxies in front of the demo ({@code --trusted-proxies}), as IP addresses or CIDR
 *                    ranges, whose {@code Forwarded} / {@code X-Forwarded-For} name the client; empty: none
 */
record DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help, String bind,
    String adminPassword, String jdbcUrl, URI broker, String exchange, String replay, List<String> trustedProxies) {
  static final Path DEFAULT_DATABASE = Path.of("data", "scribe-demo");
  static final String DEFAULT_BIND = "127.0.0.1";
  /** What H2 appends to a file database's path. */
  static final String H2_SUFFIX = ".mv.db";
  static final String DEFAULT_EXCHANGE = "scribe.demo.changes";

  DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help) {
    this(port, database, trace, listEvents, help, DEFAULT_BIND, null);
  }

  DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help, String bind) {
    this(port, database, trace, listEvents, help, bind, null);
  }

  DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help, String bind,
      String adminPassword) {
    this(port, database, trace, listEvents, help, bind, adminPassword, null, null, DEFAULT_EXCHANGE, null, List.of());
  }

  DemoOptions {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** True when {@code --db} named a PostgreSQL server rather than an H2 file or memory. */
  boolean postgres() {
    return jdbcUrl != null;
  }

  /** What the start-up line says about the database. */
  String databaseDescription() {
    if (jdbcUrl != null) {
      return jdbcUrl.replaceAll("password=[^&]*", "password=***");
    }
    return database == null ? "in memory" : database.toAbsolutePath() + H2_SUFFIX;
  }

  static final String USAGE = String.join("\n",
      "usage: java -jar scribe-demo.jar [--port N] [--bind ADDR] [--db PATH|mem|URL] [--broker URL] [--exchange NAME]"
          + " [--replay dead|INSTANT] [--trusted-proxies LIST] [--trace] [--admin-password P] [--list-events] [--help]",
      "  --port N        HTTP port (default 8080; 0 picks a free port)",
      "  --bind ADDR     address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 = every interface)",
      "  --db PATH       H2 database file (default ./data/scribe-demo, created on first start); mem = in memory;",
      "                  or a PostgreSQL JDBC URL (jdbc:postgresql://127.0.0.1:5432/test) that several instances share",
      "  --broker URL    RabbitMQ (amqp://guest:guest@127.0.0.1:5672): writes go through the transactional outbox,",
      "                  GET /_scribe/changes streams every instance's changes, notifications come from the broker",
      "  --exchange NAME topic exchange of the outbox and the feed (default " + DEFAULT_EXCHANGE + ")",
      "  --replay FROM   with --broker: publish again at start the dead-lettered events (dead) or every event",
      "                  written since an instant (2026-12-04T17:00:00Z)",
      "  --trusted-proxies LIST",
      "                  comma-separated IP addresses or CIDR ranges of the proxies in front of the demo (10.0.0.0/8,",
      "                  127.0.0.1): their Forwarded / X-Forwarded-For headers name the client (default: none, ignored)",
      "  --trace         X-Scribe-* trace headers and a log line per request",
      "  --admin-password P",
      "                  password of the account 'admin' (default: random, printed once on first start)",
      "  --list-events   print every event of every tier with its handlers in dispatch order, then exit",
      "  --help          print this message");

  /** Parses the flags; an {@link IllegalArgumentException} whose message says which flag is wrong and why. */
  static DemoOptions parse(List<String> args) {
    int port = 8080;
    Path database = DEFAULT_DATABASE;
    boolean trace = false;
    boolean listEvents = false;
    boolean help = false;
    String bind = DEFAULT_BIND;
    String adminPassword = null;
    String jdbcUrl = null;
    URI broker = null;
    String exchange = DEFAULT_EXCHANGE;
    String replay = null;
    List<String> trustedProxies = List.of();
    java.util.Map<String, String> given = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      refuseRepeated(given, flag, args, i);
      switch (flag) {
        case "--port":
          port = port(valueOf(args, ++i, flag));
          break;
        case "--db":
          String db = valueOf(args, ++i, flag);
          if (db.startsWith("jdbc:")) {
            if (!db.startsWith("jdbc:postgresql:")) {
              throw new IllegalArgumentException("--db takes an H2 file path, mem, or a PostgreSQL URL"
                  + " (jdbc:postgresql://host:5432/db), not '" + db + "'");
            }
            jdbcUrl = db;
            database = null;
          } else {
            jdbcUrl = null;
            database = db.equals("mem") ? null : h2File(db);
          }
          break;
        case "--broker":
          broker = broker(valueOf(args, ++i, flag));
          break;
        case "--exchange":
          exchange = valueOf(args, ++i, flag);
          if (!exchange.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("--exchange must be letters, digits, '.', '_', ':' or '-', not '"
                + exchange + "'");
          }
          break;
        case "--replay":
          replay = replay(valueOf(args, ++i, flag));
          break;
        case "--trusted-proxies":
          trustedProxies = trustedProxies(valueOf(args, ++i, flag));
          break;
        case "--bind":
          bind = bind(valueOf(args, ++i, flag));
          break;
        case "--trace":
          trace = true;
          break;
        case "--admin-password":
          adminPassword = valueOf(args, ++i, flag);
          break;
        case "--list-events":
          listEvents = true;
          break;
        case "--help":
        case "-h":
          help = true;
          break;
        default:
          throw new IllegalArgumentException("unknown flag '" + flag + "'");
      }
    }
    if (replay != null && broker == null) {
      throw new IllegalArgumentException("--replay needs --broker: without a broker there is no outbox to replay");
    }
    return new DemoOptions(port, database, trace, listEvents, help, bind, adminPassword, jdbcUrl, broker, exchange,
        replay, trustedProxies);
  }

  /** The flags that take no value. */
  private static final java.util.Set<String> SWITCHES = java.util.Set.of("--trace", "--list-events", "--help");

  /**
   * Refuses a flag given a second time, as the routes refuse a query parameter given twice: the last one won,
   * so a value appended to a script's flags ({@code --db mem ... --db /etc/passwd}) replaced the first without
   * a word. The values are shown to tell the two apart, a password never and credentials in a URL masked.
   */
  private static void refuseRepeated(java.util.Map<String, String> given, String flag, List<String> args, int index) {
    String name = flag.equals("-h") ? "--help" : flag;
    if (!name.startsWith("--")) {
      return;
    }
    String value = SWITCHES.contains(name) || index + 1 >= args.size() ? null : args.get(index + 1);
    if (given.containsKey(name)) {
      String first = given.get(name);
      boolean shown = first != null && value != null && !name.equals("--admin-password");
      throw new IllegalArgumentException(name + " is given twice"
          + (shown ? " ('" + masked(first) + "', then '" + masked(value) + "')" : "") + "; give it once");
    }
    given.put(name, value);
  }

  /** {@code value} with the password of a URL's user info or of a JDBC URL's parameters replaced by ***. */
  private static String masked(String value) {
    return value.replaceAll("(://[^/:@]*:)[^/@]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The instant of {@code --replay INSTANT}, or null for {@code --replay dead}. */
  Instant replaySince() {
    return replay == null || replay.equals("dead") ? null : Instant.parse(replay);
  }

  private static URI broker(String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || !("amqp".equals(uri.getScheme()) || "amqps".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("--broker must be an AMQP URL such as amqp://guest:guest@127.0.0.1:5672, not '"
          + value + "'");
    }
    return uri;
  }

  private static String replay(String value) {
    if (value.equals("dead")) {
      return value;
    }
    try {
      Instant.parse(value);
      return value;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--replay takes dead or an instant such as 2026-12-04T17:00:00Z, not '"
          + value + "'");
    }
  }

  /**
   * The entries of {@code --trusted-proxies}, split at commas, each checked here with the rules the server applies:
   * checked only when the application was built, a bad entry came after the database had been opened and ended
   * the demo as a failed start (exit code 1) under the builder's name {@code trustedProxies}, not the flag's.
   */
  private static List<String> trustedProxies(String value) {
    List<String> entries = new java.util.ArrayList<>();
    for (String entry : value.split(",", -1)) {
      if (entry.isBlank()) {
        throw new IllegalArgumentException("--trusted-proxies takes IP addresses or CIDR ranges separated by commas"
            + " (10.0.0.0/8,127.0.0.1), not '" + value + "' with an empty entry");
      }
      entries.add(entry.strip());
    }
    try {
      TrustedProxies.of(entries.toArray(String[]::new));
    } catch (ConfigurationException refused) {
      throw new IllegalArgumentException("--trusted-proxies: "
          + refused.getMessage().replaceFirst("^trustedProxies: ", ""), refused);
    }
    return entries;
  }

  private static String bind(String value) {
    if (value.isBlank() || !value.matches("[0-9A-Za-z.:\\[\\]%-]+")) {
      throw new IllegalArgumentException("--bind must be an IP address or host name such as 127.0.0.1 or 0.0.0.0, not '"
          + value + "'");
    }
    if (value.matches("\\d+(\\.\\d+){3}")) {
      // no host name is all digits, so this is meant as an address: one out of range failed only at bind time
      for (String part : value.split("\\.")) {
        if (part.length() > 3 || Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("--bind '" + value + "' is not an IPv4 address: each of its four numbers"
              + " goes from 0 to 255");
        }
      }
    }
    return value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
  }

  /** The H2 file of {@code --db}, without its {@code .mv.db} suffix (which is taken off when given). */
  private static Path h2File(String db) {
    if (db.isBlank()) {
      throw new IllegalArgumentException("--db needs an H2 file path, mem, or a PostgreSQL URL, not an empty value");
    }
    if (db.matches("[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      // postgresql://host/db without its "jdbc:" is a URL, not a path: it made a new H2 file under ./postgresql:/
      String shown = db.replaceAll("(://[^/:@]*:)[^/@]*@", "$1***@");
      throw new IllegalArgumentException("--db '" + shown + "' is a URL, not a file path; for PostgreSQL give its"
          + " JDBC URL (jdbc:" + (db.startsWith("postgresql:") ? shown : "postgresql://host:5432/db") + ")");
    }
    if (db.indexOf(';') >= 0) {
      // the path goes into H2's URL, where what follows a ';' is read as settings, not as the file's name
      throw new IllegalArgumentException("--db '" + db + "' holds a ';', which H2 would read as the start of its"
          + " settings; give a path without one");
    }
    String withoutSuffix = db.endsWith(H2_SUFFIX) ? db.substring(0, db.length() - H2_SUFFIX.length()) : db;
    Path path;
    try {
      path = Path.of(withoutSuffix);
    } catch (InvalidPathException invalid) {
      throw new IllegalArgumentException("--db '" + db + "' is not a file path: " + invalid.getReason());
    }
    if (withoutSuffix.isEmpty() || withoutSuffix.endsWith("/") || Files.isDirectory(path)) {
      Path directory = withoutSuffix.isEmpty() ? Path.of(".") : path;
      throw new IllegalArgumentException("--db '" + db + "' names a directory; give the database's file path without"
          + " its suffix, such as " + directory.resolve("scribe-demo") + " (the file is then "
          + directory.resolve("scribe-demo") + H2_SUFFIX + ")");
    }
    return path;
  }

  private static String valueOf(List<String> args, int index, String flag) {
    if (index >= args.size() || args.get(index).startsWith("--")) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(index);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be between 0 and 65535, not " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, not '" + value + "'");
    }
  }
}
