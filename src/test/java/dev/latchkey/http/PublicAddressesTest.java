package dev.latchkey.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF rule for webhook targets: every form the security review found, and public addresses that must stay usable. */
class PublicAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::a00:5", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:5", "64:ff9b:1::808:808",
            "2002:a9fe:a9fe::1", "2002:7f00:1::1", "::a9fe:a9fe", "::ffff:0:a00:5", "::ffff:10.0.0.5", "::127.0.0.1",
            "2001:0:4136:e378:8000:63bf:f5ff:fffa", "2001:0:a00:5::1", "100::1", "fec0::1", "fd00::1", "fe80::1", "::1", "::",
            "ff02::1", "192.0.0.192", "192.0.0.8", "240.0.0.1", "255.255.255.255", "0.1.2.3", "10.0.0.5", "127.0.0.1",
            "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "198.18.0.1", "224.0.0.1"})
    void refusesEveryNonPublicForm(String address) throws Exception {
        assertFalse(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "203.0.113.10", "172.32.0.1", "192.0.1.1", "223.255.255.255", "2606:4700::1111",
            "64:ff9b::808:808", "2002:808:808::1", "2001:0:808:808:8000:63bf:f7f7:f7f7", "2a00:1450:4001:80b::200e"})
    void acceptsPublicAddresses(String address) throws Exception {
        assertTrue(PublicAddresses.isPublic(InetAddress.getByName(address)), address);
    }
}
