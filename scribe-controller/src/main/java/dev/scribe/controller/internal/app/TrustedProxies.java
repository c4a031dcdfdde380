package dev.scribe.controller.internal.app;

import dev.scribe.core.ConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Internal: the proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers name the client of a
 * request (see {@code RestApplication.Builder#trustedProxies}). Behind a load balancer every request comes
 * from the balancer's address; taking the client from its header keeps per-client limits (the login
 * throttle) per client. Only a trusted peer's headers count, and of the addresses they list the one taken is
 * the last before the trusted hops — the one a trusted proxy saw — since a client can write any address in
 * front of it. Unsupported; it may change without notice.
 */
public final class TrustedProxies {
  /** No proxy trusted: the client is the peer of the connection, whatever the headers say. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  /** The most hops read from the headers: a proxy chain is short, a header of thousands of them is an attack. */
  private static final int MAX_HOPS = 32;

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /**
   * The proxies at {@code entries}: IP addresses ({@code 10.0.0.7}, {@code ::1}) or ranges in CIDR notation
   * ({@code 10.0.0.0/8}, {@code fd00::/8}). Host names are refused: resolving them would tie the check to DNS.
   */
  public static TrustedProxies of(String... entries) {
    if (entries == null) {
      throw new ConfigurationException("trustedProxies(null): pass IP addresses or ranges such as 10.0.0.0/8");
    }
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      ranges.add(Range.parse(entry));
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  /** True when no proxy is trusted. */
  public boolean none() {
    return ranges.isEmpty();
  }

  /**
   * The client of {@code req}: its peer, or the address a trusted peer's forwarding headers name. When it
   * carries both {@code Forwarded} and {@code X-Forwarded-For} and they name two clients, its peer: a proxy
   * writes one of them and passes the other on as the client sent it, and which one it writes is not told.
   */
  public String clientOf(HttpServletRequest req) {
    String peer = req.getRemoteAddr();
    if (ranges.isEmpty() || !trusted(address(peer))) {
      return peer;
    }
    String forwarded = clientOf(forwardedHops(req));
    String forwardedFor = clientOf(forwardedForHops(req));
    if (forwarded != null && forwardedFor != null && !forwarded.equals(forwardedFor)) {
      return peer; // else a client behind a proxy that writes one header chose its address with the other
    }
    return forwarded != null ? forwarded : forwardedFor != null ? forwardedFor : peer;
  }

  /** The last hop before the trusted ones, or null when there is none. */
  private String clientOf(List<String> hops) {
    for (int i = hops.size() - 1; i >= 0; i--) {
      InetAddress hop = address(hops.get(i));
      if (hop == null) {
        return hops.get(i); // "unknown" or an obfuscated name: what the proxy says, as it said it
      }
      if (!trusted(hop) || i == 0) {
        return hop.getHostAddress();
      }
    }
    return null;
  }

  private boolean trusted(InetAddress address) {
    if (address == null) {
      return false;
    }
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code for} addresses of RFC 7239's {@code Forwarded}, first to last. */
  private static List<String> forwardedHops(HttpServletRequest req) {
    List<String> hops = new ArrayList<>();
    for (String line : lines(req.getHeaders("Forwarded"))) {
      for (String element : line.split(",")) {
        for (String pair : element.split(";")) {
          int equals = pair.indexOf('=');
          if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
            add(hops, pair.substring(equals + 1));
          }
        }
      }
    }
    return lastHops(hops);
  }

  /** The addresses of {@code X-Forwarded-For}, first to last. */
  private static List<String> forwardedForHops(HttpServletRequest req) {
    List<String> hops = new ArrayList<>();
    for (String line : lines(req.getHeaders("X-Forwarded-For"))) {
      for (String hop : line.split(",")) {
        add(hops, hop);
      }
    }
    return lastHops(hops);
  }

  private static List<String> lastHops(List<String> hops) {
    return hops.size() > MAX_HOPS ? hops.subList(hops.size() - MAX_HOPS, hops.size()) : hops;
  }

  private static List<String> lines(Enumeration<String> headers) {
    return headers == null ? List.of() : Collections.list(headers);
  }

  /** Adds {@code raw} without quotes, brackets and port ({@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}). */
  private static void add(List<String> hops, String raw) {
    String hop = raw.trim();
    if (hop.length() >= 2 && hop.startsWith("\"") && hop.endsWith("\"")) {
      hop = hop.substring(1, hop.length() - 1).trim();
    }
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      hop = end > 0 ? hop.substring(1, end) : hop;
    } else if (hop.indexOf(':') > 0 && hop.indexOf(':') == hop.lastIndexOf(':')) {
      hop = hop.substring(0, hop.indexOf(':'));
    }
    if (!hop.isEmpty()) {
      hops.add(hop);
    }
  }

  /** The address {@code literal} writes, or null when it is not an IP address (never a DNS lookup). */
  static InetAddress address(String literal) {
    if (literal == null) {
      return null;
    }
    String text = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
    if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** An address and the length of its prefix that must match. */
  private static final class Range {
    private final byte[] network;
    private final int prefix;

    private Range(byte[] network, int prefix) {
      this.network = network;
      this.prefix = prefix;
    }

    static Range parse(String entry) {
      if (entry == null) {
        throw new ConfigurationException("trustedProxies: an address is null; pass IP addresses or ranges such as 10.0.0.0/8");
      }
      String text = entry.trim();
      int slash = text.indexOf('/');
      InetAddress address = address(slash < 0 ? text : text.substring(0, slash));
      if (address == null) {
        throw new ConfigurationException("trustedProxies: '" + entry + "' is not an IP address or a range such as"
            + " 10.0.0.0/8 or fd00::/8; host names are not resolved");
      }
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        String length = text.substring(slash + 1);
        try {
          prefix = Integer.parseInt(length);
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits || !length.matches("\\d{1,3}")) {
          throw new ConfigurationException("trustedProxies: '" + entry + "' has a prefix length of " + length + ", but an "
              + (bits == 32 ? "IPv4" : "IPv6") + " range takes 0 to " + bits);
        }
      }
      return new Range(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (bytes[whole] & mask) == (network[whole] & mask);
    }
  }
}
