package dev.clv.segmentation.webhook.dispatch;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/** The system resolver; called on a worker thread, since it blocks. */
@ApplicationScoped
@DefaultBean
public class DnsResolver implements EndpointGuard.HostResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
