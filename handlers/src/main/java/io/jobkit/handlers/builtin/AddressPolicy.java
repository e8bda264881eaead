package io.jobkit.handlers.builtin;

import io.jobkit.handlers.FailJobException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses the webhook handler may connect to: public unicast only, unless the allowlist
 * ({@code JOBKIT_WEBHOOK_ALLOW}) names the host or a CIDR containing the address.
 *
 * <p>Refused: loopback, unspecified, private (RFC 1918), CGNAT (100.64/10), link-local (169.254/16, fe80::/10),
 * unique-local IPv6 (fc00::/7), multicast, broadcast and the other IANA special-purpose blocks, and IPv6 forms that
 * embed an IPv4 address (mapped, compatible, NAT64, 6to4) when that address is refused. The instance metadata
 * addresses (169.254.169.254, fd00:ec2::254) are refused even when an allowlist entry covers them: no job has a
 * reason to call them, and they hand out the worker's credentials.
 *
 * <p>Every address a host resolves to must pass: a name that resolves to one public and one private address is
 * refused rather than raced.
 */
final class AddressPolicy {
    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.0.2.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("198.51.100.0/24"), Cidr.parse("203.0.113.0/24"), Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("100::/64"), Cidr.parse("2001:db8::/32"),
            Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));
    private static final Set<InetAddress> METADATA = Set.of(literal("169.254.169.254"), literal("fd00:ec2::254"));

    private final Set<String> allowedHosts;
    private final List<Cidr> allowedRanges;

    private AddressPolicy(Set<String> allowedHosts, List<Cidr> allowedRanges) {
        this.allowedHosts = allowedHosts;
        this.allowedRanges = allowedRanges;
    }

    /** Public addresses only. */
    static AddressPolicy publicOnly() {
        return new AddressPolicy(Set.of(), List.of());
    }

    /**
     * From {@code JOBKIT_WEBHOOK_ALLOW}: comma-separated host names (exact, case-insensitive) and CIDRs or single
     * addresses, e.g. {@code localhost,127.0.0.1/32,10.1.0.0/16}. Blank means public addresses only.
     */
    static AddressPolicy parse(String allowlist) {
        if (allowlist == null || allowlist.isBlank()) return publicOnly();
        java.util.HashSet<String> hosts = new java.util.HashSet<>();
        List<Cidr> ranges = new ArrayList<>();
        for (String raw : allowlist.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            if (entry.contains("/") || Cidr.isLiteral(entry)) {
                ranges.add(Cidr.parse(entry.contains("/") ? entry : entry + "/" + (entry.contains(":") ? 128 : 32)));
            } else {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            }
        }
        return new AddressPolicy(Set.copyOf(hosts), List.copyOf(ranges));
    }

    /**
     * The address to connect to: the first of {@code resolved}, once every one of them passed. A refusal is a
     * permanent failure that names the host (never the URL) and what kind of address it resolved to.
     */
    InetAddress check(String host, List<InetAddress> resolved) {
        if (resolved.isEmpty()) throw new FailJobException("webhook host " + host + " did not resolve to any address");
        boolean hostAllowed = allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        for (InetAddress address : resolved) {
            if (METADATA.contains(address) || embedded(address).map(METADATA::contains).orElse(false)) {
                throw new FailJobException("webhook host " + host + " resolves to the instance metadata address,"
                        + " which is always refused");
            }
            if (hostAllowed || allowedRanges.stream().anyMatch(r -> r.contains(address))) continue;
            String kind = refusedKind(address);
            if (kind != null) {
                throw new FailJobException("webhook host " + host + " resolves to a " + kind + " address, which is"
                        + " refused; list the host or its range in " + WebhookHandler.ALLOW_ENV + " to allow it");
            }
        }
        return resolved.get(0);
    }

    /** Why {@code address} is not public, or null when it is. */
    static String refusedKind(InetAddress address) {
        if (address.isLoopbackAddress()) return "loopback";
        if (address.isAnyLocalAddress()) return "unspecified";
        if (address.isLinkLocalAddress()) return "link-local";
        if (address.isMulticastAddress()) return "multicast";
        for (Cidr r : REFUSED) {
            if (r.contains(address)) return "private or reserved (" + r + ")";
        }
        var inner = embedded(address);
        if (inner.isPresent()) {
            String kind = refusedKind(inner.get());
            return kind == null ? null : "IPv6-embedded " + kind;
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    static java.util.Optional<InetAddress> embedded(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 16) return java.util.Optional.empty();
        boolean compatible = allZero(b, 0, 12) && !allZero(b, 12, 16);
        boolean nat64 = b[0] == 0x00 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (compatible || nat64) return java.util.Optional.of(v4(b, 12));
        if (b[0] == 0x20 && b[1] == 0x02) return java.util.Optional.of(v4(b, 2));
        return java.util.Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static InetAddress v4(byte[] b, int at) {
        try {
            return InetAddress.getByAddress(new byte[]{b[at], b[at + 1], b[at + 2], b[at + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always a valid address
        }
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address block; {@code bits} leading bits of {@code network} are fixed. */
    record Cidr(byte[] network, int bits, String text) {

        static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0 || !isLiteral(cidr.substring(0, slash))) {
                throw new IllegalArgumentException(WebhookHandler.ALLOW_ENV + " entry '" + cidr + "' is not an address,"
                        + " CIDR or host name");
            }
            byte[] net = literal(cidr.substring(0, slash)).getAddress();
            int bits;
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException(WebhookHandler.ALLOW_ENV + " entry '" + cidr + "' has an invalid"
                        + " prefix length");
            }
            return new Cidr(net, bits, cidr);
        }

        /** An IPv4 or IPv6 literal (parsed without any DNS lookup). */
        static boolean isLiteral(String s) {
            return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || s.contains(":") && s.matches("[0-9a-fA-F:.]+");
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) return false;
            int full = bits / 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            int rest = bits % 8;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
