//! Refusing private targets at send time: the DNS answers are checked on every connection, so a name that
//! resolved to a public address when the webhook was created cannot later be pointed at the internal network.

use std::net::{IpAddr, SocketAddr};

use calends_domain::net::is_private;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// A resolver that drops private addresses (unless allowed) and fails when none is left.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| allow_private || !is_private(a.ip())).collect();
            if allowed.is_empty() {
                return Err(
                    format!("`{host}` resolves only to private or local addresses, which are not allowed").into()
                );
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// Checks a URL whose host is an IP literal (the resolver never sees those).
pub fn check_literal(url: &url::Url, allow_private: bool) -> Result<(), String> {
    let ip: Option<IpAddr> = match url.host() {
        Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
        Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        _ => None,
    };
    match ip {
        Some(ip) if !allow_private && is_private(ip) => {
            Err(format!("{ip} is a private or local address, which is not allowed"))
        }
        _ => Ok(()),
    }
}
