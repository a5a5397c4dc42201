namespace DataCharts.Core.Tests.Honesty;

/// <summary>
/// Questions over the campus (departments, instructors, students, courses, enrolments; no declared keys), the fifth
/// suite: written without reading the planner, to measure how it generalises to a schema it was not tuned on. Fees are
/// paid per enrolment; credits belong to the course; a current student has no graduated_on; "Chinese" is both a
/// nationality (China) and a course (Chinese Language 101).
/// </summary>
public static class CampusSuite
{
    private static readonly int Y1 = HonestyFixture.Y1, Y2 = HonestyFixture.Y2;

    private const string EC = """ "enrolments" e JOIN "courses" c USING (course_id) """;
    private const string ES = """ "enrolments" e JOIN "students" s USING (student_id) """;
    private const string ECD = """ "enrolments" e JOIN "courses" c USING (course_id) JOIN "departments" d USING (dept_id) """;

    public static IReadOnlyList<Q> Questions { get; } =
    [
        // 0 plain questions
        new("c01", 0, "How many students do we have?", """SELECT count(*) FROM "students" """),
        new("c02", 0, "average instructor salary", """SELECT avg(salary) FROM "instructors" """),
        new("c03", 0, "number of enrolments per term", """SELECT term, count(*) FROM "enrolments" GROUP BY 1"""),
        new("c04", 0, "top 5 courses by enrolments", """
            SELECT c.title, count(*) AS n FROM "enrolments" e JOIN "courses" c USING (course_id) GROUP BY 1 ORDER BY n DESC LIMIT 5
            """, Exact: true),
        new("c05", 0, "new students by year of enrolment", """SELECT year(enrolment_date), count(*) FROM "students" GROUP BY 1"""),

        // 1 conditions in words
        new("c10", 1, "How many current students are there?", """SELECT count(*) FROM "students" WHERE graduated_on IS NULL"""),
        new("c11", 1, "how many students have graduated", """SELECT count(*) FROM "students" WHERE graduated_on IS NOT NULL"""),
        new("c12", 1, "Which courses have no instructor assigned?", """SELECT title FROM "courses" WHERE instructor_id IS NULL"""),
        new("c13", 1, $"How many students enrolled after {Y2}-06-30?", $"""SELECT count(*) FROM "students" WHERE enrolment_date > '{Y2}-06-30'"""),
        new("c14", 1, "average fee paid in fall terms", """SELECT avg(fee_paid) FROM "enrolments" WHERE term LIKE '%-Fall'"""),
        new("c15", 1, "How many students never took a course?", """
            SELECT count(*) FROM "students" WHERE student_id NOT IN (SELECT student_id FROM "enrolments")
            """),

        // 2 names, not keys
        new("c20", 2, "students per department", $"""SELECT d.dept_name, count(DISTINCT e.student_id) FROM {ECD} GROUP BY 1"""),
        new("c21", 2, "average salary by department", """
            SELECT d.dept_name, avg(i.salary) FROM "instructors" i JOIN "departments" d USING (dept_id) GROUP BY 1
            """),
        new("c22", 2, "number of courses taught by each instructor", """
            SELECT i.full_name, count(*) FROM "courses" c JOIN "instructors" i USING (instructor_id) GROUP BY 1
            """),

        // 3 the table's noun vs its name column
        new("c30", 3, "How many instructors are in each department?", """
            SELECT d.dept_name, count(*) FROM "instructors" i JOIN "departments" d USING (dept_id) GROUP BY 1
            """),
        new("c31", 3, "how many departments per building", """SELECT building, count(*) FROM "departments" GROUP BY 1"""),
        new("c32", 3, "number of students by nationality", """SELECT nationality, count(*) FROM "students" GROUP BY 1"""),

        // 4 self-references
        new("c40", 4, "How many instructors does each mentor have?", """
            SELECT m.full_name, count(*) FROM "instructors" i JOIN "instructors" m ON m.instructor_id = i.mentor_id GROUP BY 1
            """),
        new("c41", 4, "Who is Keiko Kimura's mentor?", """
            SELECT m.full_name FROM "instructors" i JOIN "instructors" m ON m.instructor_id = i.mentor_id WHERE i.full_name = 'Keiko Kimura'
            """),
        new("c42", 4, "What are the sub-departments of Sciences?", """
            SELECT d.dept_name FROM "departments" d JOIN "departments" p ON p.dept_id = d.parent_dept_id WHERE p.dept_name = 'Sciences'
            """),
        new("c43", 4, "number of sub-departments per top-level department", """
            SELECT p.dept_name, count(*) FROM "departments" d JOIN "departments" p ON p.dept_id = d.parent_dept_id GROUP BY 1
            """),

        // 5 derived measures
        new("c50", 5, "What are total fees collected?", """SELECT sum(fee_paid) FROM "enrolments" """),
        new("c51", 5, "average fee per student", """SELECT sum(fee_paid) / count(DISTINCT student_id) FROM "enrolments" """),
        new("c52", 5, "What share of fees comes from Chinese students?", $"""
            SELECT 100 * sum(CASE WHEN s.nationality = 'China' THEN e.fee_paid END) / sum(e.fee_paid) FROM {ES}
            """),
        new("c53", 5, "total credits taken per term", $"""SELECT e.term, sum(c.credits) FROM {EC} GROUP BY 1"""),

        // 6 fan-out
        new("c60", 6, "total credits of courses taken by nationality", $"""
            SELECT s.nationality, sum(c.credits) FROM "enrolments" e JOIN "students" s USING (student_id) JOIN "courses" c USING (course_id) GROUP BY 1
            """),
        new("c61", 6, "total credits offered and number of enrolments by department", """
            WITH cr AS (SELECT dept_id, sum(credits) AS credits FROM "courses" GROUP BY 1),
                 en AS (SELECT c.dept_id, count(*) AS n FROM "enrolments" e JOIN "courses" c USING (course_id) GROUP BY 1)
            SELECT d.dept_name, cr.credits, en.n FROM cr JOIN en USING (dept_id) JOIN "departments" d USING (dept_id)
            """),
        new("c62", 6, "average salary of instructors who teach at least one course", """
            SELECT avg(salary) FROM "instructors" WHERE instructor_id IN (SELECT instructor_id FROM "courses")
            """),
        new("c63", 6, "How many students took a Physics course?", $"""
            SELECT count(DISTINCT e.student_id) FROM {ECD} WHERE d.dept_name = 'Physics'
            """),

        // 7 superlatives, busiest, A vs B, demonyms
        new("c70", 7, "What was the busiest term?", """
            SELECT term, count(*) AS n FROM "enrolments" GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("c71", 7, "Which department pays its instructors the most on average?", """
            SELECT d.dept_name, avg(i.salary) AS a FROM "instructors" i JOIN "departments" d USING (dept_id) GROUP BY 1 ORDER BY a DESC LIMIT 1
            """, Exact: true),
        new("c72", 7, "How many German students are there?", """SELECT count(*) FROM "students" WHERE nationality = 'Germany'"""),
        new("c73", 7, "how many Chinese students are still studying", """
            SELECT count(*) FROM "students" WHERE nationality = 'China' AND graduated_on IS NULL
            """),
        new("c74", 7, "average grade points Chinese vs Indian students", $"""
            SELECT s.nationality, avg(e.grade_points) FROM {ES} WHERE s.nationality IN ('China', 'India') GROUP BY 1
            """),
        new("c75", 7, "Which instructor teaches the most courses?", """
            SELECT i.full_name, count(*) AS n FROM "courses" c JOIN "instructors" i USING (instructor_id) GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("c76", 7, "how many enrolments does Chinese Language 101 have?", """
            SELECT count(*) FROM "enrolments" e JOIN "courses" c USING (course_id) WHERE c.title = 'Chinese Language 101'
            """),

        // 8 conversations: refinements inherit, new topics do not
        new("c80", 8, "average fee by term", """SELECT term, avg(fee_paid) FROM "enrolments" GROUP BY 1"""),
        new("c81", 8, "only Brazilian students", $"""
            SELECT e.term, avg(e.fee_paid) FROM {ES} WHERE s.nationality = 'Brazil' GROUP BY 1
            """, After: "c80"),
        new("c82", 8, "how many courses does each department offer?", """
            SELECT d.dept_name, count(*) FROM "courses" c JOIN "departments" d USING (dept_id) GROUP BY 1
            """, After: "c81"),
        new("c83", 8, "每个国籍有多少学生？", """SELECT nationality, count(*) FROM "students" GROUP BY 1""", After: "c80"),
        new("c84", 8, "and by department instead", $"""SELECT d.dept_name, avg(e.fee_paid) FROM {ECD} GROUP BY 1""", After: "c80"),
        new("c85", 8, "which instructors were hired before 2010?", """
            SELECT full_name FROM "instructors" WHERE hire_date < '2010-01-01'
            """, After: "c80"),

        // 9 Chinese
        new("c90", 9, "一共有多少名学生？", """SELECT count(*) FROM "students" """),
        new("c91", 9, "各院系讲师的平均工资", """
            SELECT d.dept_name, avg(i.salary) FROM "instructors" i JOIN "departments" d USING (dept_id) GROUP BY 1
            """),
        new("c92", 9, "还没有毕业的学生有多少？", """SELECT count(*) FROM "students" WHERE graduated_on IS NULL"""),
        new("c93", 9, "中国学生的平均绩点是多少？", $"""SELECT avg(e.grade_points) FROM {ES} WHERE s.nationality = 'China'"""),
        new("c94", 9, "德国学生一共交了多少学费？", $"""SELECT sum(e.fee_paid) FROM {ES} WHERE s.nationality = 'Germany'"""),

        // 10 uncomputable: must be refused or flagged unsure
        new("c100", 10, "How many students have a scholarship?", Term: "scholarship"),
        new("c101", 10, "average GPA by dormitory", Term: "dormitory"),
        new("c102", 10, "How many students dropped out last year?", Term: "dropped"),
        new("c103", 10, "每个宿舍住了多少学生？", Term: "宿舍"),
        new("c104", 10, "average instructor bonus by department", Term: "bonus"),
        new("c105", 1, "Which courses are taught online?", Term: "online"),
        new("c106", 5, "how much fee was waived through tuition waivers?", Term: "waivers"),
        new("c107", 10, "What is the average age of our students?", Term: "age"),
        new("c108", 8, "and what about attendance?", After: "c80", Term: "attendance"),
        new("c109", 9, "每位讲师的科研经费是多少？", Term: "科研经费"),
        new("c110", 3, "How many classrooms does each building have?", Term: "classrooms"),
    ];
}
