namespace DataCharts.Core.Tests.Honesty;

/// <summary>Questions over the music service (performers → records → songs; listeners; plays of songs by listeners).</summary>
public static class MusicSuite
{
    private static readonly int Y1 = HonestyFixture.Y1;

    private const string PlaysToPerformers = """
        "plays" p JOIN "songs" s USING (song_id) JOIN "records" r USING (record_id) JOIN "performers" pf USING (performer_id)
        """;

    public static IReadOnlyList<Q> Questions { get; } =
    [
        // 0 plain
        new("m01", 0, "How many songs are there?", """SELECT count(*) FROM "songs" """),
        new("m02", 0, "number of songs by genre", """SELECT genre, count(*) FROM "songs" GROUP BY 1"""),
        new("m03", 0, $"plays per month in {Y1}", $"""SELECT strftime(played_at, '%Y-%m'), count(*) FROM "plays" WHERE year(played_at) = {Y1} GROUP BY 1"""),
        new("m04", 0, "top 5 performers by number of plays", $"""
            SELECT pf.performer_name, count(*) AS n FROM {PlaysToPerformers} GROUP BY 1 ORDER BY n DESC LIMIT 5
            """, Exact: true),
        new("m05", 0, "average price of a song", """SELECT avg(price_usd) FROM "songs" """),

        // 1 conditions
        new("m10", 1, "How many songs are longer than 5 minutes?", """SELECT count(*) FROM "songs" WHERE duration_ms > 300000"""),
        new("m11", 1, "how many plays lasted less than 30 seconds", """SELECT count(*) FROM "plays" WHERE seconds_listened < 30"""),
        new("m12", 1, "How many records have no label?", """SELECT count(*) FROM "records" WHERE label IS NULL"""),
        new("m13", 1, "How many plays went to the end of the song?", """
            SELECT count(*) FROM "plays" p JOIN "songs" s USING (song_id) WHERE p.seconds_listened * 1000 >= s.duration_ms
            """),
        new("m14", 1, "number of plays last year", """SELECT count(*) FROM "plays" WHERE year(played_at) = year(current_date) - 1"""),

        // 2 by name
        new("m20", 2, "number of plays by genre", """SELECT s.genre, count(*) FROM "plays" p JOIN "songs" s USING (song_id) GROUP BY 1"""),
        new("m21", 2, "number of songs per record", """SELECT r.record_title, count(*) FROM "songs" s JOIN "records" r USING (record_id) GROUP BY 1"""),
        new("m22", 2, "plays by listener country", """SELECT l.country, count(*) FROM "plays" p JOIN "listeners" l USING (listener_id) GROUP BY 1"""),

        // 3 table noun
        new("m30", 3, "How many records per performer?", """SELECT pf.performer_name, count(*) FROM "records" r JOIN "performers" pf USING (performer_id) GROUP BY 1"""),
        new("m31", 3, "how many listeners per tier", """SELECT tier, count(*) FROM "listeners" GROUP BY 1"""),

        // 5 derived, unit conversions
        new("m50", 5, "average song length in minutes", """SELECT avg(duration_ms) / 60000.0 FROM "songs" """),
        new("m51", 5, "total listening time in hours", """SELECT sum(seconds_listened) / 3600.0 FROM "plays" """),
        new("m52", 5, "What share of plays come from premium listeners?", """
            SELECT 100.0 * count(*) FILTER (WHERE l.tier = 'premium') / count(*) FROM "plays" p JOIN "listeners" l USING (listener_id)
            """),
        new("m53", 5, "average seconds listened per play by tier", """
            SELECT l.tier, avg(p.seconds_listened) FROM "plays" p JOIN "listeners" l USING (listener_id) GROUP BY 1
            """),

        // 6 fan-out
        new("m60", 6, "total song duration in minutes and number of plays by genre", """
            WITH d AS (SELECT genre, sum(duration_ms) / 60000.0 AS minutes FROM "songs" GROUP BY 1),
                 n AS (SELECT s.genre, count(*) AS plays FROM "plays" p JOIN "songs" s USING (song_id) GROUP BY 1)
            SELECT genre, d.minutes, n.plays FROM d JOIN n USING (genre)
            """),
        new("m61", 6, "total size in bytes of the songs that were played at least once", """
            SELECT sum(size_bytes) FROM "songs" WHERE song_id IN (SELECT song_id FROM "plays")
            """),
        new("m62", 6, "number of songs per performer", """
            SELECT pf.performer_name, count(*) FROM "songs" s JOIN "records" r USING (record_id) JOIN "performers" pf USING (performer_id) GROUP BY 1
            """),

        // 7 superlatives, aliases, A vs B
        new("m70", 7, "Which genre has the longest songs on average?", """
            SELECT genre FROM "songs" GROUP BY 1 ORDER BY avg(duration_ms) DESC LIMIT 1
            """, Exact: true),
        new("m71", 7, "most played song", """
            SELECT s.song_title, count(*) AS n FROM "plays" p JOIN "songs" s USING (song_id) GROUP BY s.song_id, 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("m72", 7, "How many plays came from American listeners?", """
            SELECT count(*) FROM "plays" p JOIN "listeners" l USING (listener_id) WHERE l.country = 'United States'
            """),
        new("m73", 7, "plays from the UK vs Germany", """
            SELECT l.country, count(*) FROM "plays" p JOIN "listeners" l USING (listener_id) WHERE l.country IN ('United Kingdom', 'Germany') GROUP BY 1
            """),
        new("m74", 7, "busiest day of the week for plays", """
            SELECT dayname(played_at), count(*) AS n FROM "plays" GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),

        // 8 conversations
        new("m80", 8, "number of plays by month", """SELECT strftime(played_at, '%Y-%m'), count(*) FROM "plays" GROUP BY 1"""),
        new("m81", 8, "only premium listeners", """
            SELECT strftime(p.played_at, '%Y-%m'), count(*) FROM "plays" p JOIN "listeners" l USING (listener_id) WHERE l.tier = 'premium' GROUP BY 1
            """, After: "m80"),
        new("m82", 8, "which performer has released the most records?", """
            SELECT pf.performer_name, count(*) AS n FROM "records" r JOIN "performers" pf USING (performer_id) GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, After: "m81", Exact: true),
        new("m83", 8, "各流派有多少首歌？", """SELECT genre, count(*) FROM "songs" GROUP BY 1""", After: "m80"),

        // 9 Chinese
        new("m90", 9, "每个国家的听众人数", """SELECT country, count(*) FROM "listeners" GROUP BY 1"""),
        new("m91", 9, "播放次数最多的歌手是谁？", $"""
            SELECT pf.performer_name, count(*) AS n FROM {PlaysToPerformers} GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("m92", 9, "歌曲平均时长是多少分钟？", """SELECT avg(duration_ms) / 60000.0 FROM "songs" """),

        // 10 uncomputable
        new("m100", 10, "What is the average rating of each record?", Term: "rating"),
        new("m101", 10, "Which performer earned the most in royalties?", Term: "royalties"),
        new("m102", 10, "每首歌的下载次数", Term: "下载"),
        new("m103", 10, "How many playlists does each listener have?", Term: "playlists"),

        // Questions that name something the music service does not record: must be refused or flagged unsure
        new("m15", 1, "How many plays were on mobile devices?", Term: "mobile"),
        new("m32", 3, "How many concerts per performer?", Term: "concerts"),
        new("m54", 5, "royalty paid per play by performer", Term: "royalty"),
        new("m75", 7, "Which song has the most likes?", Term: "likes"),
        new("m84", 8, "only on mobile", After: "m80", Term: "mobile"),
        new("m93", 9, "每首歌的点赞数", Term: "点赞"),
    ];
}
