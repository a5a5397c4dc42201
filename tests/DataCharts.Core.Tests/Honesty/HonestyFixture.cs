using System.Globalization;
using System.Text;
using DataCharts.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DataCharts.Core.Tests.Honesty;

/// <summary>
/// The five datasets of the honesty suites, generated here from fixed seeds (nothing from ../shared): a shop (SQLite,
/// snake_case, no declared foreign keys), an HR schema (SQLite, CamelCase, declared keys, self-references), a music
/// service (SQLite, its own naming) and a survey (one CSV). Dates are anchored to the current year, so "last year"
/// always has data: orders, plays and signups fall in <see cref="Y2"/> and <see cref="Y1"/>.
/// </summary>
public sealed class HonestyFixture : IAsyncLifetime
{
    public AskHarness H { get; } = new();

    /// <summary>Last year and the year before; the data has no rows in the current year.</summary>
    public static int Y1 { get; } = DateTime.UtcNow.Year - 1;
    public static int Y2 { get; } = DateTime.UtcNow.Year - 2;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async ValueTask InitializeAsync()
    {
        await H.LoadAsync("shop", Sqlite("shop.sqlite", ShopSql()));
        await H.LoadAsync("hr", Sqlite("hr.sqlite", HrSql()));
        await H.LoadAsync("music", Sqlite("music.sqlite", MusicSql()));
        await H.LoadAsync("survey", H.T.File("survey_responses.csv", SurveyCsv()));
        await H.LoadAsync("campus", Sqlite("campus.sqlite", CampusSql()));
    }

    public ValueTask DisposeAsync()
    {
        H.Dispose();
        return ValueTask.CompletedTask;
    }

    private string Sqlite(string name, string script)
    {
        var db = Path.Combine(H.T.Root, name);
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = script;
        cmd.ExecuteNonQuery();
        tx.Commit();
        return db;
    }

    private static string S(string? v) => v is null ? "NULL" : "'" + v.Replace("'", "''") + "'";
    private static string D(DateOnly? d) => d is null ? "NULL" : "'" + d.Value.ToString("yyyy-MM-dd", Inv) + "'";
    private static string N(double v) => v.ToString("0.##", Inv);

    /// <summary>A date in Y2..Y1, busier towards the end of each year (so December is the busiest month).</summary>
    private static DateOnly Day(Random rng)
    {
        var year = rng.Next(2) == 0 ? Y2 : Y1;
        var month = rng.NextDouble() < 0.2 ? 12 : 1 + (int)(Math.Sqrt(rng.NextDouble()) * 12 - 0.0001);
        return new DateOnly(year, month, 1 + rng.Next(DateTime.DaysInMonth(year, month)));
    }

    // ---------------------------------------------------------------- shop

    public static readonly string[] Countries = ["Germany", "France", "United Kingdom", "United States", "Brazil", "Spain", "Mexico", "Canada"];
    private static readonly string[][] Cities =
    [
        ["Berlin", "Munich", "Hamburg"], ["Paris", "Lyon"], ["London", "Manchester"], ["Seattle", "Boston", "Austin"],
        ["Sao Paulo", "Rio de Janeiro"], ["Madrid", "Barcelona"], ["Mexico City"], ["Toronto", "Vancouver"],
    ];

    private static string ShopSql()
    {
        var rng = new Random(11);
        var sb = new StringBuilder("""
            CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, company_name TEXT, country TEXT, city TEXT);
            CREATE TABLE employees (employee_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, title TEXT, reports_to INTEGER, hire_date TEXT);
            CREATE TABLE shippers (shipper_id INTEGER PRIMARY KEY, company_name TEXT);
            CREATE TABLE categories (category_id INTEGER PRIMARY KEY, category_name TEXT);
            CREATE TABLE products (product_id INTEGER PRIMARY KEY, product_name TEXT, category_id INTEGER, unit_price REAL, discontinued INTEGER);
            CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, employee_id INTEGER, order_date TEXT, required_date TEXT,
                shipped_date TEXT, ship_via INTEGER, freight REAL, ship_country TEXT);
            CREATE TABLE order_lines (order_id INTEGER, product_id INTEGER, unit_price REAL, quantity INTEGER, discount REAL, PRIMARY KEY (order_id, product_id));

            """);
        string[] prefixes = ["Alpine", "Blue", "Crown", "Delta", "Eagle", "Fjord", "Golden", "Harbor", "Iron", "Jade", "Kite", "Lotus", "Maple", "North", "Oak"];
        string[] suffixes = ["Traders", "Foods", "Markets", "Imports"];
        var customerCountry = new Dictionary<int, int>();
        for (var i = 1; i <= 60; i++)
        {
            var c = i % 11 < 3 ? 0 : i % 8; // Germany has the most customers
            customerCountry[i] = c;
            sb.Append(Inv, $"INSERT INTO customers VALUES ({i}, {S($"{prefixes[(i - 1) % 15]} {suffixes[(i - 1) / 15]}")}, {S(Countries[c])}, {S(Cities[c][i % Cities[c].Length])});\n");
        }
        (string first, string last, string title, int? boss, string hired)[] staff =
        [
            ("Grace", "Okafor", "Chief Executive", null, "2015-03-01"),
            ("Liam", "Brandt", "Vice President, Sales", 1, "2016-06-15"),
            ("Mei", "Chen", "Sales Manager", 2, "2017-01-09"),
            ("Omar", "Haddad", "Sales Manager", 2, "2018-04-02"),
            ("Sofia", "Rossi", "Sales Representative", 3, "2019-09-23"),
            ("Jonas", "Berg", "Sales Representative", 3, "2020-02-17"),
            ("Aiko", "Tanaka", "Sales Representative", 4, "2020-11-30"),
            ("Pedro", "Alves", "Sales Representative", 4, "2021-05-04"),
            ("Hannah", "Weiss", "Sales Representative", 4, "2022-08-08"),
            ("Ravi", "Patel", "Inside Sales Coordinator", 2, "2019-01-14"),
        ];
        for (var i = 0; i < staff.Length; i++)
            sb.Append(Inv, $"INSERT INTO employees VALUES ({i + 1}, {S(staff[i].first)}, {S(staff[i].last)}, {S(staff[i].title)}, {(staff[i].boss is { } b ? b.ToString(Inv) : "NULL")}, {S(staff[i].hired)});\n");
        sb.Append("INSERT INTO shippers VALUES (1, 'Speedy Express'), (2, 'United Package'), (3, 'Federal Shipping');\n");
        string[] categories = ["Beverages", "Condiments", "Confections", "Dairy Products", "Grains", "Meat", "Produce", "Seafood"];
        for (var i = 0; i < categories.Length; i++) sb.Append(Inv, $"INSERT INTO categories VALUES ({i + 1}, {S(categories[i])});\n");
        string[] words = ["Chai", "Syrup", "Cajun Spice", "Marmalade", "Toffee", "Gouda", "Muesli", "Pate", "Apples", "Crab", "Lager", "Pesto", "Biscuits", "Brie", "Rye Bread", "Sausage", "Tofu", "Salmon", "Cola", "Mustard"];
        var price = new double[41];
        var category = new int[41];
        for (var p = 1; p <= 40; p++)
        {
            // Category sizes differ (Beverages most), prices spread.
            category[p] = p <= 9 ? 1 : 2 + p % 7;
            price[p] = Math.Round(4 + rng.NextDouble() * 90, 2);
            sb.Append(Inv, $"INSERT INTO products VALUES ({p}, {S(words[(p - 1) % 20] + (p > 20 ? " Deluxe" : ""))}, {category[p]}, {N(price[p])}, {(p % 6 == 0 ? 1 : 0)});\n");
        }
        for (var o = 1; o <= 830; o++)
        {
            var customer = 1 + (int)(Math.Pow(rng.NextDouble(), 1.6) * 60);
            var employee = 3 + (int)(Math.Pow(rng.NextDouble(), 1.3) * 8);
            var ordered = Day(rng);
            var required = ordered.AddDays(o % 5 == 0 ? 14 : 28);
            DateOnly? shipped = rng.NextDouble() < 0.06 ? null : ordered.AddDays(1 + (int)(Math.Pow(rng.NextDouble(), 2) * 35));
            var via = 1 + (int)(Math.Pow(rng.NextDouble(), 1.4) * 3);
            var freight = Math.Round(1 + Math.Pow(rng.NextDouble(), 2) * 400, 2);
            var country = rng.NextDouble() < 0.1 ? Countries[rng.Next(8)] : Countries[customerCountry[customer]];
            sb.Append(Inv, $"INSERT INTO orders VALUES ({o}, {customer}, {employee}, {D(ordered)}, {D(required)}, {D(shipped)}, {via}, {N(freight)}, {S(country)});\n");
            var lines = 1 + rng.Next(5);
            var products = Enumerable.Range(1, 40).OrderBy(_ => rng.Next()).Take(lines);
            foreach (var p in products)
            {
                var unit = ordered.Year == Y2 ? Math.Round(price[p] * 0.9, 2) : price[p];
                var discount = rng.NextDouble() < 0.6 ? 0 : 0.05 * (1 + rng.Next(5));
                sb.Append(Inv, $"INSERT INTO order_lines VALUES ({o}, {p}, {N(unit)}, {1 + (int)(Math.Pow(rng.NextDouble(), 2) * 60)}, {N(discount)});\n");
            }
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- hr

    private static string HrSql()
    {
        var rng = new Random(22);
        var sb = new StringBuilder("""
            CREATE TABLE Departments (DepartmentId INTEGER PRIMARY KEY, DepartmentName TEXT NOT NULL,
                ParentDepartmentId INTEGER REFERENCES Departments(DepartmentId));
            CREATE TABLE Staff (StaffId INTEGER PRIMARY KEY, FullName TEXT NOT NULL, ManagerId INTEGER REFERENCES Staff(StaffId),
                DepartmentId INTEGER NOT NULL REFERENCES Departments(DepartmentId), Salary REAL NOT NULL, HireDate TEXT NOT NULL,
                TerminationDate TEXT, Gender TEXT NOT NULL);
            INSERT INTO Departments VALUES (1, 'Head Office', NULL), (2, 'Engineering', 1), (3, 'Sales', 1), (4, 'Finance', 1),
                (5, 'People', 1), (6, 'Platform', 2), (7, 'Mobile', 2), (8, 'Field Sales', 3), (9, 'Inside Sales', 3), (10, 'Payroll', 4);

            """);
        string[] firsts = ["Anna", "Ben", "Chloe", "David", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jack", "Kira", "Lucas", "Maya", "Nils", "Olga", "Paul", "Rosa", "Sam", "Tara", "Victor"];
        string[] lasts = ["Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Olsen"];
        // Department heads first (1..10), each reporting to the head of the parent department; the CEO reports to no one.
        int?[] parent = [null, 1, 1, 1, 1, 2, 2, 3, 3, 4];
        double[] pay = [90000, 110000, 75000, 80000, 65000, 105000, 100000, 70000, 60000, 62000];
        var dept = new int[201];
        var n = 0;
        string Name(int i) => $"{firsts[(i * 7) % 20]} {lasts[(i * 11 + i / 20) % 15]}";
        for (var i = 1; i <= 200; i++)
        {
            var d = i <= 10 ? i : 2 + (int)(Math.Pow(rng.NextDouble(), 1.2) * 9);
            dept[i] = d;
            var manager = i == 1 ? (int?)null : i <= 10 ? parent[i - 1] : d;
            var hired = new DateOnly(2012, 1, 1).AddDays(rng.Next(365 * (Y1 - 2012 + 1)));
            if (hired.Year > Y1) hired = new DateOnly(Y1, 6, 1);
            if (i > 10 && i % 8 == 0) hired = new DateOnly(Y1 - 3, 1 + i % 12, 10); // a hiring wave: the year with the most hires
            DateOnly? left = i > 10 && rng.NextDouble() < 0.22 ? hired.AddDays(200 + rng.Next(1500)) : null;
            if (left > new DateOnly(Y1, 12, 31)) left = new DateOnly(Y1, 11, 30);
            // Leavers earned less, so an answer that forgets "current" gives another number.
            var salary = Math.Round(pay[d - 1] * (i <= 10 ? 1.6 : 0.7 + rng.NextDouble() * 0.7) * (left is null ? 1 : 0.75) + (i % 2 == 0 ? 0 : -3000), 0);
            var gender = (i * 13 + rng.Next(3)) % 5 < 2 ? "F" : "M";
            sb.Append(Inv, $"INSERT INTO Staff VALUES ({i}, {S(Name(i))}, {(manager is { } m ? m.ToString(Inv) : "NULL")}, {d}, {N(salary)}, {D(hired)}, {D(left)}, {S(gender)});\n");
            n++;
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- music

    private static string MusicSql()
    {
        var rng = new Random(33);
        var sb = new StringBuilder("""
            CREATE TABLE performers (performer_id INTEGER PRIMARY KEY, performer_name TEXT, home_country TEXT);
            CREATE TABLE records (record_id INTEGER PRIMARY KEY, record_title TEXT, performer_id INTEGER REFERENCES performers(performer_id),
                release_year INTEGER, label TEXT);
            CREATE TABLE songs (song_id INTEGER PRIMARY KEY, song_title TEXT, record_id INTEGER REFERENCES records(record_id), genre TEXT,
                duration_ms INTEGER, size_bytes INTEGER, price_usd REAL);
            CREATE TABLE listeners (listener_id INTEGER PRIMARY KEY, handle TEXT, country TEXT, joined_on TEXT, tier TEXT);
            CREATE TABLE plays (play_id INTEGER PRIMARY KEY, song_id INTEGER REFERENCES songs(song_id),
                listener_id INTEGER REFERENCES listeners(listener_id), played_at TEXT, seconds_listened INTEGER);

            """);
        string[] performers = ["Northern Lights", "The Copper Foxes", "Lena Vogt", "Kofi Mensah", "Static Bloom", "Yuki Mori", "Los Rayos", "Ada Quinn"];
        string[] homes = ["Norway", "United Kingdom", "Germany", "Ghana", "United States", "Japan", "Mexico", "Ireland"];
        for (var i = 0; i < performers.Length; i++) sb.Append(Inv, $"INSERT INTO performers VALUES ({i + 1}, {S(performers[i])}, {S(homes[i])});\n");
        string[] labels = ["Polar Records", "Basement Tapes", "Sunrise Music"];
        string[] adjectives = ["Quiet", "Electric", "Paper", "Golden", "Hollow", "Velvet", "Broken", "Summer", "Neon", "Distant", "Wild", "Silver"];
        string[] nouns = ["Harbor", "Skies", "Lanterns", "Roads", "Hearts", "Rivers", "Echoes", "Mornings", "Machines", "Gardens", "Tides", "Stars"];
        for (var r = 1; r <= 20; r++)
        {
            var performer = 1 + (r * 5) % 8;
            if (r > 16) performer = 1; // Northern Lights has the most records
            sb.Append(Inv, $"INSERT INTO records VALUES ({r}, {S($"{adjectives[r % 12]} {nouns[(r * 5 + r / 12) % 12]}")}, {performer}, {2005 + r % 18}, {(r % 6 == 0 ? "NULL" : S(labels[r % 3]))});\n");
        }
        string[] genres = ["Rock", "Pop", "Jazz", "Electronic", "Folk", "Hip Hop"];
        var duration = new int[201];
        for (var s = 1; s <= 200; s++)
        {
            var genre = (int)(Math.Pow(rng.NextDouble(), 1.3) * 6);
            duration[s] = (genre == 2 ? 240000 : 150000) + rng.Next(200000);
            var size = (long)(duration[s] * (genre == 3 ? 40.0 : 32.0)) + rng.Next(100000);
            sb.Append(Inv, $"INSERT INTO songs VALUES ({s}, {S($"{adjectives[s % 12]} {nouns[(s * 7) % 12]} {s}")}, {1 + (int)(Math.Pow(rng.NextDouble(), 1.5) * 20)}, {S(genres[genre])}, {duration[s]}, {size}, {(s % 4 == 0 ? "1.29" : "0.99")});\n");
        }
        string[] countries = ["United States", "United Kingdom", "Germany", "Brazil", "Japan", "France", "China"];
        var tier = new string[151];
        for (var l = 1; l <= 150; l++)
        {
            tier[l] = l % 3 == 0 ? "premium" : "free";
            var joined = new DateOnly(Y2 - 2, 1, 1).AddDays(rng.Next(365 * 3));
            sb.Append(Inv, $"INSERT INTO listeners VALUES ({l}, {S($"listener{l:000}")}, {S(countries[(int)(Math.Pow(rng.NextDouble(), 1.5) * 7)])}, {D(joined)}, {S(tier[l])});\n");
        }
        for (var p = 1; p <= 3000; p++)
        {
            var song = 1 + (int)(Math.Pow(rng.NextDouble(), 2.2) * 200);
            var listener = 1 + rng.Next(150);
            var day = Day(rng);
            // Weekends are busier: move a share of plays to the following Saturday.
            if (rng.NextDouble() < 0.25) day = day.AddDays(((int)DayOfWeek.Saturday - (int)day.DayOfWeek + 7) % 7);
            if (day.Year > Y1) day = new DateOnly(Y1, 12, 26);
            var full = (duration[song] + 999) / 1000;
            var listened = rng.NextDouble() < 0.45 ? full : rng.Next(5, full);
            sb.Append(Inv, $"INSERT INTO plays VALUES ({p}, {song}, {listener}, '{day:yyyy-MM-dd} {rng.Next(24):00}:{rng.Next(60):00}:00', {listened});\n");
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- campus

    /// <summary>
    /// A university (SQLite, snake_case, no declared foreign keys), written for the fifth suite, which measures how the
    /// planner does on a schema it was not tuned on. Terms run "{Y2}-Spring" .. "{Y1}-Fall"; the fall of last year is the
    /// busiest term. Fees are per enrolment (per credit; students from Germany, where the campus is, pay less), so a fee
    /// per student is not a fee per enrolment; credits belong to the course, so summing them over enrolments counts a
    /// course once per student. One course is "Chinese Language 101" and one "German Language 101", so "Chinese
    /// students" is not a course. Every 40th student never enrolled in a course; every 11th course has no instructor.
    /// </summary>
    private static string CampusSql()
    {
        var rng = new Random(55);
        var sb = new StringBuilder("""
            CREATE TABLE departments (dept_id INTEGER PRIMARY KEY, dept_name TEXT, building TEXT, parent_dept_id INTEGER);
            CREATE TABLE instructors (instructor_id INTEGER PRIMARY KEY, full_name TEXT, dept_id INTEGER, hire_date TEXT, salary REAL, mentor_id INTEGER);
            CREATE TABLE students (student_id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, nationality TEXT, enrolment_date TEXT, graduated_on TEXT);
            CREATE TABLE courses (course_id INTEGER PRIMARY KEY, title TEXT, dept_id INTEGER, credits INTEGER, instructor_id INTEGER);
            CREATE TABLE enrolments (enrolment_id INTEGER PRIMARY KEY, student_id INTEGER, course_id INTEGER, term TEXT, grade_points REAL, fee_paid REAL);
            INSERT INTO departments VALUES (1, 'Sciences', 'Newton Building', NULL), (2, 'Humanities', 'Old Library', NULL), (3, 'Engineering', 'Tech Tower', NULL),
                (4, 'Physics', 'Newton Building', 1), (5, 'Chemistry', 'Curie Hall', 1), (6, 'Mathematics', 'Newton Building', 1),
                (7, 'History', 'Old Library', 2), (8, 'Philosophy', 'Old Library', 2), (9, 'Languages', 'Babel House', 2),
                (10, 'Computer Science', 'Tech Tower', 3), (11, 'Mechanical Engineering', 'Workshop Hall', 3), (12, 'Electrical Engineering', 'Tech Tower', 3);

            """);
        // Instructors: dept 4 + (i - 1) % 9; the first six mentor the others (some have no mentor).
        string[] firsts = ["Alice", "Bruno", "Carmen", "Dmitri", "Esther", "Felix", "Gloria", "Henrik", "Isabel", "Jamal", "Keiko", "Lars", "Marta", "Nikhil", "Oona", "Pavel", "Quentin", "Rania", "Stefan", "Tomasz"];
        string[] lasts = ["Albers", "Bianchi", "Chowdhury", "Dalton", "Eriksen", "Fontaine", "Gupta", "Hoffmann", "Ivanova", "Jovanovic", "Kimura", "Lindqvist", "Mendes", "Nakamura", "Ortega", "Petrov", "Quinlan", "Rahman", "Schultz", "Takahashi"];
        double[] deptPay = [0, 0, 0, 82000, 78000, 80000, 64000, 61000, 58000, 98000, 88000, 90000];
        var instructorDept = new int[41];
        for (var i = 1; i <= 40; i++)
        {
            var d = 4 + (i - 1) % 9;
            instructorDept[i] = d;
            int? mentor = i <= 6 || i % 7 == 0 ? null : i % 3 == 0 ? 2 : 1 + (i * 5) % 6; // instructor 2 mentors the most
            var hired = new DateOnly(2004 + (i * 7) % 19, 1 + i % 12, 1 + (i * 3) % 28);
            if (hired.Year > Y1) hired = new DateOnly(Y1, 3, 1);
            var salary = Math.Round(deptPay[d - 1] * (0.8 + rng.NextDouble() * 0.5) + (Y1 - hired.Year) * 900, 0);
            sb.Append(Inv, $"INSERT INTO instructors VALUES ({i}, {S($"{firsts[i % 20]} {lasts[(i * 3 + i / 20) % 20]}")}, {d}, {D(hired)}, {N(salary)}, {(mentor is { } m ? m.ToString(Inv) : "NULL")});\n");
        }
        string[][] subjects =
        [
            ["Mechanics", "Optics", "Quantum Physics", "Thermodynamics", "Astrophysics", "Electromagnetism"],
            ["Organic Chemistry", "Inorganic Chemistry", "Biochemistry", "Analytical Chemistry", "Physical Chemistry", "Polymer Science"],
            ["Calculus", "Linear Algebra", "Statistics", "Number Theory", "Topology", "Probability"],
            ["Ancient History", "Medieval History", "Modern History", "Economic History", "History of Science", "World Wars"],
            ["Ethics", "Logic", "Metaphysics", "Philosophy of Mind", "Aesthetics", "Political Philosophy"],
            ["Chinese Language", "German Language", "Spanish Language", "Japanese Language", "French Language", "Arabic Language"],
            ["Programming", "Databases", "Algorithms", "Operating Systems", "Machine Learning", "Computer Networks"],
            ["Statics", "Fluid Mechanics", "Materials", "Machine Design", "Robotics", "Heat Transfer"],
            ["Circuits", "Signals", "Power Systems", "Electronics", "Control Systems", "Microprocessors"],
        ];
        int[] creditList = [3, 4, 5, 6, 2];
        var credits = new int[55];
        for (var c = 1; c <= 54; c++)
        {
            var d = 4 + (c - 1) % 9;
            var k = (c - 1) / 9;
            credits[c] = creditList[c % 5];
            // An instructor of the same department; every 11th course has none.
            int? teacher = c % 11 == 0 ? null : d - 3 + 9 * Math.Min((int)(Math.Pow(rng.NextDouble(), 1.8) * 5), d - 3 + 36 > 40 ? 3 : 4);
            sb.Append(Inv, $"INSERT INTO courses VALUES ({c}, {S($"{subjects[d - 4][k]} {100 * (1 + k % 3) + 1}")}, {d}, {credits[c]}, {(teacher is { } t ? t.ToString(Inv) : "NULL")});\n");
        }
        string[] nations = ["China", "India", "Germany", "United States", "Brazil", "France", "Nigeria"];
        double[] weights = [0.26, 0.2, 0.16, 0.14, 0.1, 0.08, 0.06];
        string[] sFirsts = ["Wei", "Priya", "Lukas", "Emily", "Joao", "Chloe", "Chidi", "Mina", "Arjun", "Lena", "Noah", "Ana", "Yusuf", "Sara", "Ming", "Ravi"];
        string[] sLasts = ["Wang", "Sharma", "Muller", "Johnson", "Silva", "Martin", "Okeke", "Li", "Patel", "Schmidt", "Brown", "Costa", "Adeyemi", "Dubois", "Zhang", "Singh"];
        var nationality = new int[601];
        for (var s = 1; s <= 600; s++)
        {
            var x = rng.NextDouble();
            var n = 0;
            while (n < 6 && x > weights[n]) { x -= weights[n]; n++; }
            nationality[s] = n;
            var intake = Y1 - rng.Next(5);
            var enrolled = new DateOnly(intake, rng.Next(3) == 0 ? 2 : 9, 1 + rng.Next(28));
            DateOnly? graduated = intake <= Y1 - 3 && rng.NextDouble() < 0.8 ? new DateOnly(intake + 3, 6, 15 + rng.Next(15)) : null;
            sb.Append(Inv, $"INSERT INTO students VALUES ({s}, {S(sFirsts[(s * 5) % 16])}, {S(sLasts[(s * 7 + s / 16) % 16])}, {S(nations[n])}, {D(enrolled)}, {D(graduated)});\n");
        }
        string[] terms = [$"{Y2}-Spring", $"{Y2}-Fall", $"{Y1}-Spring", $"{Y1}-Fall"];
        double[] termWeights = [0.2, 0.27, 0.23, 0.3];
        for (var e = 1; e <= 3000; e++)
        {
            int student;
            do student = 1 + rng.Next(600); while (student % 40 == 0);
            var course = 1 + (int)(Math.Pow(rng.NextDouble(), 1.5) * 54);
            var x = rng.NextDouble();
            var t = 0;
            while (t < 3 && x > termWeights[t]) { x -= termWeights[t]; t++; }
            var grade = Math.Round(Math.Clamp(rng.NextDouble() * 4.6 - 0.3 + (nationality[student] == 0 ? 0.3 : 0), 0, 4), 1);
            var perCredit = nationality[student] == 2 ? 120 : 300;
            var fee = Math.Round(credits[course] * perCredit * (rng.NextDouble() < 0.15 ? 0.5 : 1.0), 2);
            sb.Append(Inv, $"INSERT INTO enrolments VALUES ({e}, {student}, {course}, {S(terms[t])}, {N(grade)}, {N(fee)});\n");
        }
        return sb.ToString();
    }

    // ---------------------------------------------------------------- survey

    private static string SurveyCsv()
    {
        var rng = new Random(44);
        var sb = new StringBuilder("respondent_id,country,age,gender,satisfaction,would_recommend,signup_date,plan,monthly_spend_usd\n");
        string[] countries = ["Germany", "United States", "United Kingdom", "China", "Japan", "France", "Brazil", "India"];
        string[] plans = ["basic", "pro", "enterprise"];
        string[] genders = ["female", "male", "female", "male", "non-binary"];
        for (var i = 1; i <= 1200; i++)
        {
            var c = (int)(Math.Pow(rng.NextDouble(), 1.4) * 8);
            var plan = rng.NextDouble() < 0.5 ? 0 : rng.NextDouble() < 0.6 ? 1 : 2;
            var age = 18 + (int)(rng.NextDouble() * rng.NextDouble() * 60) + rng.Next(8);
            var sat = Math.Clamp((int)Math.Round(2.6 + plan * 0.5 + (c == 3 ? 0.8 : 0) + (c == 7 ? -0.5 : 0) + (rng.NextDouble() - 0.5) * 3), 1, 5);
            var satText = rng.NextDouble() < 0.03 ? "" : sat.ToString(Inv);
            var recommend = rng.NextDouble() < 0.15 + sat * 0.15 ? "yes" : "no";
            var spend = Math.Round((plan == 0 ? 9 : plan == 1 ? 29 : 99) * (0.8 + rng.NextDouble() * 0.6), 2);
            sb.Append(Inv, $"{i},{countries[c]},{age},{genders[rng.Next(5)]},{satText},{recommend},{Day(rng):yyyy-MM-dd},{plans[plan]},{N(spend)}\n");
        }
        return sb.ToString();
    }
}

[CollectionDefinition(Name)]
public sealed class HonestyCollection : ICollectionFixture<HonestyFixture>
{
    public const string Name = "honesty";
}
