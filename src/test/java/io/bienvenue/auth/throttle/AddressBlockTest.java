package io.bienvenue.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unit a client address is throttled as: IPv4 itself, IPv6 by its /64. */
class AddressBlockTest {

  @Test
  void anIpv4AddressIsItself() {
    assertThat(AddressBlock.of("203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void everyIpv6AddressOfOneSlash64IsOneClient() {
    assertThat(AddressBlock.of("2001:db8:1:2::1"))
        .isEqualTo(AddressBlock.of("2001:db8:1:2:ffff:ffff:ffff:ffff"))
        .isEqualTo(AddressBlock.of("[2001:0DB8:0001:0002:0:0:0:9]"))
        .isEqualTo("2001:db8:1:2:0:0:0:0/64");
    assertThat(AddressBlock.of("2001:db8:1:3::1")).isEqualTo("2001:db8:1:3:0:0:0:0/64");
  }

  @Test
  void anIpv4MappedAddressIsItsIpv4Address() {
    assertThat(AddressBlock.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void textThatIsNoAddressIsItsOwnKeyAndNeverLookedUp() {
    assertThat(AddressBlock.of("")).isEmpty();
    assertThat(AddressBlock.of("localhost")).isEqualTo("localhost");
    assertThat(AddressBlock.of("::zz")).isEqualTo("::zz");
    assertThat(AddressBlock.of("fe80::1%eth0")).isEqualTo("fe80::1%eth0");
  }
}
