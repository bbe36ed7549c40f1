using System.Globalization;
using TicketLab.Lottery;

namespace TicketLab.Store;

// The claims on units: which worker trains which (run, level, method), so several workers share a study and none trains a unit twice.
public abstract partial class ResultsStore
{
    /// <summary>Adds the units of <paramref name="run"/> the store lacks, waiting (or done, for a run finished before units were
    /// recorded); units it knows keep their state, and take this version's dependencies. <paramref name="shares"/>: the shared unit a unit
    /// trains (the dense level's, a chain level's; null: not shared), so no worker claims it while another trains the same one.</summary>
    public void RegisterUnits(string run, IEnumerable<(LevelUnit Unit, LevelUnit? After)> units, bool done = false, Func<LevelUnit, string?>? shares = null) => Write(() =>
    {
        foreach (var (unit, after) in units)
            Exec("""
                INSERT INTO units (run, level, method, rank, after_level, after_method, state, shares)
                VALUES (@run, @level, @method, @rank, @al, @am, @state, @shares)
                ON CONFLICT (run, level, method) DO UPDATE SET shares = excluded.shares, after_level = excluded.after_level, after_method = excluded.after_method
                """,
                ("@run", run), ("@level", unit.Level), ("@method", unit.Method), ("@rank", LotteryMethods.Rank(unit.Method)),
                ("@al", after?.Level), ("@am", after?.Method), ("@state", done ? "done" : "waiting"),
                ("@shares", shares?.Invoke(unit)));
    });

    /// <summary>Puts the failed units of <paramref name="runs"/> back to waiting (a new start retries them, as a re-run retries a failed run).</summary>
    public void RetryFailed(IReadOnlyCollection<string> runs) => Write(() =>
        Exec($"UPDATE units SET state = 'waiting', error = NULL WHERE state = 'failed' AND {InList("run", "@runs")}", ("@runs", ListValue(runs))));

    /// <summary>Claims the first unit of <paramref name="runs"/> whose predecessor is done and that nobody holds: waiting, or under a
    /// lease whose heartbeat is older than <paramref name="timeout"/> or whose process is gone from this host; a unit sharing its
    /// dense or chain unit with one a live lease holds waits for it (then it reuses that training). One transaction; null when there is none.</summary>
    public UnitClaim? Claim(IReadOnlyCollection<string> runs, LeaseHolder me, TimeSpan timeout)
    {
        UnitClaim? claimed = null;
        Write(() =>
        {
            claimed = null;
            var now = DateTimeOffset.UtcNow;
            var candidates = new List<(string Run, LevelUnit Unit, string State, string? Owner, string? Heartbeat)>();
            using (var cmd = Command($"""
                SELECT u.run, u.level, u.method, u.state, u.owner, u.host, u.pid, u.since, u.heartbeat FROM units u
                WHERE {InList("u.run", "@runs")}
                  AND (u.state = 'waiting' OR (u.state = 'running' AND (u.heartbeat < @stale OR u.host = @host)))
                  AND (u.after_level IS NULL OR EXISTS (SELECT 1 FROM units d WHERE d.run = u.run AND d.level = u.after_level
                                                                                AND d.method = u.after_method AND d.state = 'done'))
                  AND (u.shares IS NULL OR NOT EXISTS (SELECT 1 FROM units s WHERE s.shares = u.shares AND s.state = 'running'
                                                          AND s.heartbeat >= @stale AND NOT (s.run = u.run AND s.level = u.level AND s.method = u.method)))
                ORDER BY u.level, u.rank, u.run
                """, ("@runs", ListValue(runs)), ("@stale", Time(now - timeout)), ("@host", me.Host)))
            using (var r = cmd.ExecuteReader())
                while (r.Read())
                {
                    string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                    var state = r.GetString(3);
                    bool free = state == "waiting" || string.CompareOrdinal(Text(8), Time(now - timeout)) < 0
                                || (Text(5) == me.Host && !r.IsDBNull(6) && r.GetInt32(6) != me.Pid
                                    && !RunLiveness.IsAlive(r.GetInt32(6), Text(7) is { } since ? ParseTime(since) : now));
                    if (free) candidates.Add((r.GetString(0), new LevelUnit(r.GetInt32(1), r.GetString(2)), state, Text(4), Text(8)));
                }
            foreach (var c in candidates)
            {
                // lock the row (PostgreSQL: skip it if another worker is claiming it now) and check nobody changed it meanwhile
                using (var check = Command($"SELECT state, owner, heartbeat FROM units WHERE run = @run AND level = @level AND method = @method {LockRowsSkipLocked}",
                           Key(c.Run, c.Unit)))
                using (var r = check.ExecuteReader())
                {
                    if (!r.Read() || r.GetString(0) != c.State || (r.IsDBNull(1) ? null : r.GetString(1)) != c.Owner
                        || (r.IsDBNull(2) ? null : r.GetString(2)) != c.Heartbeat) continue;
                }
                Exec("""
                    UPDATE units SET state = 'running', owner = @owner, host = @host, pid = @pid, since = @now, heartbeat = @now,
                        attempts = attempts + 1, error = NULL
                    WHERE run = @run AND level = @level AND method = @method
                    """, [.. Key(c.Run, c.Unit), ("@owner", me.Owner), ("@host", me.Host), ("@pid", me.Pid), ("@now", Time(now))]);
                claimed = new UnitClaim(c.Run, c.Unit, me, now, TakenOver: c.State == "running" && c.Owner != me.Owner);
                return;
            }
        });
        return claimed;
    }

    /// <summary>Renews the lease's heartbeat; false when the lease is no longer this worker's (it was taken over: stop the unit).</summary>
    public bool Renew(UnitClaim claim)
    {
        int n = 0;
        Write(() => n = Exec("UPDATE units SET heartbeat = @now WHERE run = @run AND level = @level AND method = @method AND owner = @owner AND state = 'running'",
            [.. Key(claim.Run, claim.Unit), ("@owner", claim.Holder.Owner), ("@now", Time(DateTimeOffset.UtcNow))]));
        return n == 1;
    }

    /// <summary>Gives the unit back unfinished (a stop request): waiting again, for the next worker to resume from its checkpoint.</summary>
    public void Release(UnitClaim claim) => Write(() =>
        Exec("""
            UPDATE units SET state = 'waiting', owner = NULL, host = NULL, pid = NULL, since = NULL, heartbeat = NULL
            WHERE run = @run AND level = @level AND method = @method AND owner = @owner AND state = 'running'
            """, [.. Key(claim.Run, claim.Unit), ("@owner", claim.Holder.Owner)]));

    /// <summary>Marks the unit done; true when it was the run's last unfinished one (exactly one caller sees that).</summary>
    public bool Complete(UnitClaim claim)
    {
        bool last = false;
        Write(() =>
        {
            // the run's rows stay locked until commit, so two workers finishing its last two units see each other's
            using (var lockRun = Command($"SELECT level FROM units WHERE run = @run {LockRows}", ("@run", claim.Run)))
            using (var r = lockRun.ExecuteReader()) while (r.Read()) { }
            int before = UnfinishedUnits(claim.Run);
            Exec("UPDATE units SET state = 'done', heartbeat = @now, error = NULL WHERE run = @run AND level = @level AND method = @method",
                [.. Key(claim.Run, claim.Unit), ("@now", Time(DateTimeOffset.UtcNow))]);
            last = before > 0 && UnfinishedUnits(claim.Run) == 0;
        });
        return last;
    }

    /// <summary>Marks the unit failed with its cause; it stays failed until a new start retries it.</summary>
    public void Fail(UnitClaim claim, string error) => Write(() =>
        Exec("UPDATE units SET state = 'failed', error = @error, heartbeat = @now WHERE run = @run AND level = @level AND method = @method",
            [.. Key(claim.Run, claim.Unit), ("@error", error), ("@now", Time(DateTimeOffset.UtcNow))]));

    /// <summary>The units of <paramref name="runs"/> (all units when null), by run, level and method order.</summary>
    public IReadOnlyList<UnitRecord> Units(IReadOnlyCollection<string>? runs = null) => Read(() =>
    {
        using var cmd = runs is null
            ? Command("SELECT * FROM units ORDER BY run, level, rank")
            : Command($"SELECT * FROM units WHERE {InList("run", "@runs")} ORDER BY run, level, rank", ("@runs", ListValue(runs)));
        using var r = cmd.ExecuteReader();
        var list = new List<UnitRecord>();
        string? Text(string c) => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetString(r.GetOrdinal(c));
        int? Int(string c) => r.IsDBNull(r.GetOrdinal(c)) ? null : r.GetInt32(r.GetOrdinal(c));
        while (r.Read())
            list.Add(new UnitRecord(
                Text("run")!, new LevelUnit(Int("level")!.Value, Text("method")!),
                Int("after_level") is { } al ? new LevelUnit(al, Text("after_method")!) : null,
                Enum.Parse<UnitState>(Text("state")!, ignoreCase: true), Text("host"), Int("pid"),
                Text("since") is { } s ? ParseTime(s) : null, Text("heartbeat") is { } h ? ParseTime(h) : null,
                Int("attempts") ?? 0, Text("error")));
        return (IReadOnlyList<UnitRecord>)list;
    });

    private int UnfinishedUnits(string run) =>
        Convert.ToInt32(Scalar("SELECT count(*) FROM units WHERE run = @run AND state <> 'done'", ("@run", run)), CultureInfo.InvariantCulture);

    private static (string, object?)[] Key(string run, LevelUnit unit) => [("@run", run), ("@level", unit.Level), ("@method", unit.Method)];
}
