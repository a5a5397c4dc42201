namespace DataCharts.Core.Tests.Honesty;

/// <summary>Questions over the HR schema (Departments with parents, Staff with managers; declared keys; Gender is F/M).</summary>
public static class HrSuite
{
    private static readonly int Y1 = HonestyFixture.Y1;

    private const string Current = "TerminationDate IS NULL";

    public static IReadOnlyList<Q> Questions { get; } =
    [
        // 0 plain
        new("h01", 0, "How many staff are there?", """SELECT count(*) FROM "Staff" """),
        new("h02", 0, "average salary", """SELECT avg(Salary) FROM "Staff" """),
        new("h03", 0, "average salary by gender", """SELECT Gender, avg(Salary) FROM "Staff" GROUP BY 1"""),
        new("h04", 0, "number of hires per year", """SELECT year(HireDate), count(*) FROM "Staff" GROUP BY 1"""),
        new("h05", 0, "highest salary", """SELECT max(Salary) FROM "Staff" """),

        // 1 conditions
        new("h10", 1, "How many current employees do we have?", $"""SELECT count(*) FROM "Staff" WHERE {Current}"""),
        new("h11", 1, "how many people have left the company", """SELECT count(*) FROM "Staff" WHERE TerminationDate IS NOT NULL"""),
        new("h12", 1, "average salary of active staff", $"""SELECT avg(Salary) FROM "Staff" WHERE {Current}"""),
        new("h13", 1, "How many people did we hire last year?", """SELECT count(*) FROM "Staff" WHERE year(HireDate) = year(current_date) - 1"""),
        new("h14", 1, "Which departments have no parent department?", """SELECT DepartmentName FROM "Departments" WHERE ParentDepartmentId IS NULL"""),
        new("h15", 1, "How many staff earn more than their manager?", """
            SELECT count(*) FROM "Staff" s JOIN "Staff" m ON m.StaffId = s.ManagerId WHERE s.Salary > m.Salary
            """),
        new("h16", 1, $"How many people left in {Y1}?", $"""SELECT count(*) FROM "Staff" WHERE year(TerminationDate) = {Y1}"""),

        // 2 by name
        new("h20", 2, "headcount by department", """
            SELECT d.DepartmentName, count(*) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),
        new("h21", 2, "average salary per department", """
            SELECT d.DepartmentName, avg(s.Salary) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),

        // 3 table noun
        new("h30", 3, "How many staff members per department?", """
            SELECT d.DepartmentName, count(*) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),
        new("h31", 3, "how many departments are there", """SELECT count(*) FROM "Departments" """),

        // 4 self-references
        new("h40", 4, "How many direct reports does each manager have?", """
            SELECT m.FullName, count(*) FROM "Staff" s JOIN "Staff" m ON m.StaffId = s.ManagerId GROUP BY 1
            """),
        new("h41", 4, "Who is the manager of staff member 150?", """
            SELECT m.FullName FROM "Staff" s JOIN "Staff" m ON m.StaffId = s.ManagerId WHERE s.StaffId = 150
            """),
        new("h42", 4, "number of sub-departments per parent department", """
            SELECT p.DepartmentName, count(*) FROM "Departments" d JOIN "Departments" p ON p.DepartmentId = d.ParentDepartmentId GROUP BY 1
            """),
        new("h43", 4, "Which manager has the most direct reports?", """
            SELECT m.FullName, count(*) AS n FROM "Staff" s JOIN "Staff" m ON m.StaffId = s.ManagerId GROUP BY m.StaffId, 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("h44", 4, "what is the parent department of Mobile?", """
            SELECT p.DepartmentName FROM "Departments" d JOIN "Departments" p ON p.DepartmentId = d.ParentDepartmentId WHERE d.DepartmentName = 'Mobile'
            """),

        // 5 derived
        new("h50", 5, "total salary cost by department", """
            SELECT d.DepartmentName, sum(s.Salary) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),
        new("h51", 5, "What is the attrition rate?", """SELECT 100.0 * count(TerminationDate) / count(*) FROM "Staff" """),
        new("h52", 5, "percentage of women among current staff", $"""SELECT 100.0 * count(*) FILTER (WHERE Gender = 'F') / count(*) FROM "Staff" WHERE {Current}"""),

        // 7 superlatives, A vs B, aliases
        new("h70", 7, "Which department pays the highest average salary?", """
            SELECT d.DepartmentName, avg(s.Salary) AS a FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1 ORDER BY a DESC LIMIT 1
            """, Exact: true),
        new("h71", 7, "How many women work in Payroll?", """
            SELECT count(*) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) WHERE d.DepartmentName = 'Payroll' AND s.Gender = 'F'
            """),
        new("h72", 7, "average salary men vs women", """SELECT Gender, avg(Salary) FROM "Staff" GROUP BY 1"""),
        new("h73", 7, "In which year did we hire the most people?", """
            SELECT year(HireDate), count(*) AS n FROM "Staff" GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("h74", 7, "What is the average monthly salary?", """SELECT avg(Salary) / 12 FROM "Staff" """),

        // 8 conversations
        new("h80", 8, "headcount by department", """
            SELECT d.DepartmentName, count(*) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),
        new("h81", 8, "only women", """
            SELECT d.DepartmentName, count(*) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) WHERE s.Gender = 'F' GROUP BY 1
            """, After: "h80"),
        new("h82", 8, "每年入职多少人？", """SELECT year(HireDate), count(*) FROM "Staff" GROUP BY 1""", After: "h81"),
        new("h83", 8, "which departments have no parent?", """SELECT DepartmentName FROM "Departments" WHERE ParentDepartmentId IS NULL""", After: "h80"),

        // 9 Chinese
        new("h90", 9, "员工总数是多少？", """SELECT count(*) FROM "Staff" """),
        new("h91", 9, "各部门的平均工资", """
            SELECT d.DepartmentName, avg(s.Salary) FROM "Staff" s JOIN "Departments" d USING (DepartmentId) GROUP BY 1
            """),
        new("h92", 9, "哪个部门的在职员工最多？", $"""
            SELECT d.DepartmentName, count(*) AS n FROM "Staff" s JOIN "Departments" d USING (DepartmentId) WHERE s.{Current} GROUP BY 1 ORDER BY n DESC LIMIT 1
            """, Exact: true),
        new("h93", 9, "有多少员工已经离职？", """SELECT count(*) FROM "Staff" WHERE TerminationDate IS NOT NULL"""),

        // 10 uncomputable
        new("h100", 10, "What is the average performance rating by department?", Term: "rating"),
        new("h101", 10, "How many staff got promoted last year?", Term: "promoted"),
        new("h102", 10, "员工满意度最高的部门", Term: "满意度"),
        new("h103", 10, "average bonus by gender", Term: "bonus"),

        // Questions that name something the HR schema does not record: must be refused or flagged unsure
        new("h17", 1, "How many staff left voluntarily?", Term: "voluntarily"),
        new("h32", 3, "How many offices per department?", Term: "offices"),
        new("h45", 4, "How many staff have a mentor?", Term: "mentor"),
        new("h53", 5, "average overtime pay by department", Term: "overtime"),
        new("h75", 7, "average salary in yen", Term: "yen"),
        new("h84", 8, "and their bonuses?", After: "h80", Term: "bonuses"),
        new("h94", 9, "按学历统计员工人数", Term: "学历"),
    ];
}
