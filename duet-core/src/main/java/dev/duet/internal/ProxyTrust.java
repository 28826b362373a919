package dev.duet.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Which peers may speak for the client through {@code X-Forwarded-For}: addresses and CIDR ranges. */
public final class ProxyTrust {
    private record Range(byte[] network, int prefix) {
    }

    private final List<Range> ranges = new ArrayList<>();

    public ProxyTrust(List<String> specs) {
        for (String spec : specs) {
            int slash = spec.indexOf('/');
            byte[] addr = parse(slash < 0 ? spec : spec.substring(0, slash));
            int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(spec.substring(slash + 1));
            if (addr == null || prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException("bad trusted proxy: " + spec + " (use an IP address or CIDR)");
            }
            ranges.add(new Range(addr, prefix));
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(String ip) {
        byte[] addr = parse(ip);
        if (addr == null) return false;
        for (Range r : ranges) {
            if (r.network.length == addr.length && samePrefix(r.network, addr, r.prefix)) return true;
        }
        return false;
    }

    /** The client: walking {@code X-Forwarded-For} from the right, the first hop we do not trust. */
    public String clientIp(String peer, List<String> forwardedFor) {
        if (ranges.isEmpty() || !trusts(peer) || forwardedFor.isEmpty()) return peer;
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) hops.add(hop.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!trusts(hops.get(i))) return hops.get(i);
        }
        return hops.isEmpty() ? peer : hops.getFirst();
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefix) {
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (a[i] != b[i]) return false;
        int rem = prefix % 8;
        if (rem == 0) return true;
        int mask = (0xFF << (8 - rem)) & 0xFF;
        return (a[full] & mask) == (b[full] & mask);
    }

    /** Parses a literal IP without any DNS lookup; null if it is not one. */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        String s = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        boolean literal = s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if (!literal) return null;
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
