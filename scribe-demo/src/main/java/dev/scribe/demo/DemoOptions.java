package dev.scribe.demo;

import java.nio.file.Path;
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
 */
record DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help, String bind,
    String adminPassword) {
  static final Path DEFAULT_DATABASE = Path.of("data", "scribe-demo");
  static final String DEFAULT_BIND = "127.0.0.1";

  DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help) {
    this(port, database, trace, listEvents, help, DEFAULT_BIND, null);
  }

  DemoOptions(int port, Path database, boolean trace, boolean listEvents, boolean help, String bind) {
    this(port, database, trace, listEvents, help, bind, null);
  }

  static final String USAGE = String.join("\n",
      "usage: java -jar scribe-demo.jar [--port N] [--bind ADDR] [--db PATH|mem] [--trace] [--admin-password P]"
          + " [--list-events] [--help]",
      "  --port N        HTTP port (default 8080; 0 picks a free port)",
      "  --bind ADDR     address to listen on (default 127.0.0.1, this machine only; 0.0.0.0 = every interface)",
      "  --db PATH       H2 database file (default ./data/scribe-demo, created on first start); mem = in memory",
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
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      switch (flag) {
        case "--port":
          port = port(valueOf(args, ++i, flag));
          break;
        case "--db":
          String db = valueOf(args, ++i, flag);
          database = db.equals("mem") ? null : Path.of(db);
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
    return new DemoOptions(port, database, trace, listEvents, help, bind, adminPassword);
  }

  private static String bind(String value) {
    if (value.isBlank() || !value.matches("[0-9A-Za-z.:\\[\\]%-]+")) {
      throw new IllegalArgumentException("--bind must be an IP address or host name such as 127.0.0.1 or 0.0.0.0, not '"
          + value + "'");
    }
    return value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
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
