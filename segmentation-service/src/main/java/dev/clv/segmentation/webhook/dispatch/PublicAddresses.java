package dev.clv.segmentation.webhook.dispatch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which addresses a webhook may be sent to: public unicast ones only. IPv4 loses the private, loopback, link-local,
 * CGNAT, multicast, reserved, special-purpose and documentation ranges; IPv6 is held to global unicast (2000::/3)
 * minus its special blocks, which also leaves out every IPv6 form of an IPv4 address (mapped, compatible, NAT64).
 */
final class PublicAddresses {
    private PublicAddresses() {
    }

    /** Null for a public unicast address, else what it is. */
    static String refusal(InetAddress a) {
        if (a.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (a.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (a.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (a.isMulticastAddress()) {
            return "a multicast address";
        }
        if (a.isSiteLocalAddress()) {
            return "a private address";
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            if (x == 0 || x >= 240) {
                return "a reserved address";
            }
            if (x == 100 && y >= 64 && y < 128) {
                return "a carrier-grade NAT address";
            }
            int z = b[2] & 0xff;
            if (x == 192 && y == 0 && z == 0 || x == 198 && (y == 18 || y == 19) || x == 192 && y == 88 && z == 99) {
                return "a special-purpose address";
            }
            if (x == 192 && y == 0 && z == 2 || x == 198 && y == 51 && z == 100 || x == 203 && y == 0 && z == 113) {
                return "a documentation address";
            }
            return null;
        }
        if (a instanceof Inet6Address) {
            // only global unicast is public: this leaves out ::/96 (IPv4-compatible, e.g. ::7f00:1), ::ffff:0:0/96
            // (IPv4-mapped), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), discard-only 100::/64, unique local fc00::/7,
            // link-local and site-local fe80::/9, and multicast ff00::/8
            if ((b[0] & 0xe0) != 0x20) {
                return "not a global unicast address";
            }
            // within it, blocks that carry an IPv4 address a gateway may translate to, or reach nothing public:
            // IETF protocol assignments 2001::/23 (Teredo 2001::/32 among them), documentation 2001:db8::/32 and
            // 3fff::/20, 6to4 2002::/16
            int b1 = b[1] & 0xff;
            int b2 = b[2] & 0xff;
            if (b[0] == 0x20 && b1 == 0x01 && (b2 & 0xfe) == 0 || b[0] == 0x20 && b1 == 0x02) {
                return "an address that embeds an IPv4 one or serves a protocol (Teredo, 6to4, 2001::/23)";
            }
            if (b[0] == 0x20 && b1 == 0x01 && b2 == 0x0d && (b[3] & 0xff) == 0xb8
                    || (b[0] & 0xff) == 0x3f && b1 == 0xff && (b2 & 0xf0) == 0) {
                return "a documentation address";
            }
        }
        return null;
    }
}
