package io.jobkit.handlers.builtin;

import io.jobkit.handlers.FailJobException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "100.64.0.1", "100.127.255.254", "169.254.10.10", "224.0.0.1", "255.255.255.255",
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "64:ff9b::a00:1", "2002:7f00:1::1", "::7f00:1"})
    void nonPublicAddresses_areRefusedWithTheHostNamedAndNoUrl(String ip) throws Exception {
        assertThatThrownBy(() -> AddressPolicy.publicOnly().check("receiver.example", List.of(InetAddress.getByName(ip))))
                .isInstanceOf(FailJobException.class)
                .hasMessageContaining("webhook host receiver.example resolves to a")
                .hasMessageContaining(WebhookHandler.ALLOW_ENV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddresses_pass(String ip) throws Exception {
        InetAddress address = InetAddress.getByName(ip);
        assertThat(AddressPolicy.publicOnly().check("receiver.example", List.of(address))).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "fd00:ec2::254"})
    void metadataAddresses_areRefusedEvenWhenAllowlisted(String ip) throws Exception {
        AddressPolicy lenient = AddressPolicy.parse("0.0.0.0/0,::/0,metadata.internal");
        assertThatThrownBy(() -> lenient.check("metadata.internal", List.of(InetAddress.getByName(ip))))
                .isInstanceOf(FailJobException.class).hasMessageContaining("instance metadata address");
    }

    @Test
    void allowlist_admitsListedRangesAndHostsOnly() throws Exception {
        AddressPolicy policy = AddressPolicy.parse(" 127.0.0.1/32 , hooks.internal,10.2.0.0/16, ::1 ");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(policy.check("localhost", List.of(loopback))).isEqualTo(loopback);
        assertThat(policy.check("anything", List.of(InetAddress.getByName("10.2.200.1")))).isNotNull();
        assertThat(policy.check("v6", List.of(InetAddress.getByName("::1")))).isNotNull();
        assertThat(policy.check("HOOKS.internal", List.of(InetAddress.getByName("192.168.3.3")))).isNotNull();
        assertThatThrownBy(() -> policy.check("other", List.of(InetAddress.getByName("10.3.0.1"))))
                .isInstanceOf(FailJobException.class).hasMessageContaining("private or reserved (10.0.0.0/8)");
    }

    @Test
    void aHostWithOnePublicAndOnePrivateAddress_isRefused() throws Exception {
        List<InetAddress> mixed = List.of(InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.5"));
        assertThatThrownBy(() -> AddressPolicy.publicOnly().check("rebind.example", mixed))
                .isInstanceOf(FailJobException.class).hasMessageContaining("rebind.example");
    }

    @Test
    void badAllowlistEntries_areRejectedAtStart() {
        assertThatThrownBy(() -> AddressPolicy.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> AddressPolicy.parse("bad host/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
