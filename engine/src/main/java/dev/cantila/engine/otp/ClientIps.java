package dev.cantila.engine.otp;

import java.util.regex.Pattern;

/** A client IP as the request names it: an IPv4 dotted quad or an IPv6 address literal, never a host name. */
final class ClientIps {
    private static final Pattern V4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern V6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientIps() {
    }

    static boolean valid(String ip) {
        if (V4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !V6.matcher(ip).matches()) {
            return false;
        }
        try {
            // a literal with only hex digits, colons and dots is parsed without any name lookup
            return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
