package io.claimmap.engine.genesys;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link GenesysOrg} for {@code serve}: answers from a bounded cache, and keeps the calls to Genesys Cloud
 * within a rate and a concurrency limit.
 *
 * <ul>
 *   <li><b>Cache:</b> at most {@code maxEntries} answers (least recently used evicted), keyed by kind and the
 *   exact value looked up. Found and not-found answers are kept {@code ttl} (default 60 s: a contact or profile
 *   fixed in Genesys shows within a minute); unavailable answers {@code unavailableTtl} (default 5 s, so an
 *   outage or a missing permission is not asked again for every request, yet clears quickly).</li>
 *   <li><b>Rate:</b> a token bucket of {@code ratePerMinute} calls (default 240, under the Genesys Cloud limit
 *   of 300 requests a minute per OAuth client); a look-up with no token left is unavailable at once rather
 *   than queued, and is not cached.</li>
 *   <li><b>Concurrency:</b> at most {@code maxConcurrent} calls in flight (default 4); a caller waits up to
 *   {@code queueWait} (default 2 s) for a slot, then the look-up is unavailable.</li>
 * </ul>
 * The clock ({@code nanoTime}) is injected, so expiry and refill are tested without sleeping. Thread-safe.
 */
public final class CachedGenesysOrg implements GenesysOrg {
    public record Limits(int maxEntries, Duration ttl, Duration unavailableTtl, int ratePerMinute, int maxConcurrent,
                         Duration queueWait) {
        public static final Limits DEFAULT = new Limits(10_000, Duration.ofSeconds(60), Duration.ofSeconds(5), 240, 4,
                Duration.ofSeconds(2));
    }

    private record Entry(Object value, long expiresAt) {
    }

    private final GenesysOrg delegate;
    private final Limits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache;
    private final Semaphore inFlight;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private double tokens;
    private long refilledAt;

    public CachedGenesysOrg(GenesysOrg delegate) {
        this(delegate, Limits.DEFAULT, System::nanoTime);
    }

    public CachedGenesysOrg(GenesysOrg delegate, Limits limits, LongSupplier nanoTime) {
        this.delegate = Objects.requireNonNull(delegate);
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > limits.maxEntries();
            }
        };
        this.inFlight = new Semaphore(limits.maxConcurrent(), true);
        this.tokens = limits.ratePerMinute();
        this.refilledAt = nanoTime.getAsLong();
    }

    @Override
    public ContactLookup findContact(String externalId) {
        return lookup("contact", externalId, () -> delegate.findContact(externalId), ContactLookup::unavailable,
                ContactLookup::status);
    }

    @Override
    public UserLookup findUser(String emailOrUsername) {
        return lookup("user", emailOrUsername, () -> delegate.findUser(emailOrUsername), UserLookup::unavailable,
                UserLookup::status);
    }

    @Override
    public ProviderCertificates identityProviderCertificates(String issuerUri) {
        return lookup("provider", issuerUri, () -> delegate.identityProviderCertificates(issuerUri),
                ProviderCertificates::unavailable, ProviderCertificates::status);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** Look-ups by kind and outcome ({@code contact.found}, {@code user.unavailable}, {@code provider.cached}, ...), for metrics. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((key, value) -> snapshot.put(key, value.get()));
        return snapshot;
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <T> T lookup(String kind, String value, Supplier<T> call,
                         Function<String, T> unavailable,
                         Function<T, LookupStatus> status) {
        String key = kind + "\u0000" + value;
        T cached = cached(key);
        if (cached != null) {
            count(kind + ".cached");
            return cached;
        }
        if (!takeToken()) {
            count(kind + ".rate-limited");
            return unavailable.apply("claimmap's own limit of " + limits.ratePerMinute()
                    + " Genesys Cloud look-ups a minute was reached (the org allows 300 per OAuth client)");
        }
        boolean acquired;
        try {
            acquired = inFlight.tryAcquire(limits.queueWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            count(kind + ".rate-limited");
            return unavailable.apply("more than " + limits.maxConcurrent() + " Genesys Cloud look-ups were in flight for "
                    + limits.queueWait().toSeconds() + " s");
        }
        T result;
        try {
            result = call.get();
        } finally {
            inFlight.release();
        }
        LookupStatus outcome = status.apply(result);
        count(kind + "." + outcome.label());
        Duration ttl = outcome == LookupStatus.UNAVAILABLE ? limits.unavailableTtl() : limits.ttl();
        synchronized (cache) {
            cache.put(key, new Entry(result, nanoTime.getAsLong() + ttl.toNanos()));
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(String key) {
        synchronized (cache) {
            Entry entry = cache.get(key);
            if (entry == null) {
                return null;
            }
            if (nanoTime.getAsLong() - entry.expiresAt() >= 0) {
                cache.remove(key);
                return null;
            }
            return (T) entry.value();
        }
    }

    private synchronized boolean takeToken() {
        long now = nanoTime.getAsLong();
        double perNano = limits.ratePerMinute() / (double) Duration.ofMinutes(1).toNanos();
        tokens = Math.min(limits.ratePerMinute(), tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** The number of answers held, for tests and metrics. */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
