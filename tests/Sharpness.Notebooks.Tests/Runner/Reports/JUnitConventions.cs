using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Sharpness.Notebooks.Tests.Runner.Reports;

/// <summary>
/// The JUnit XML conventions that CI systems read (the Apache Ant JUnit task's format, which Jenkins, GitLab, Azure
/// Pipelines and GitHub's JUnit report actions accept): an XML Schema written for these tests from those conventions
/// (testsuites → testsuite → properties?, testcase*, with skipped | failure | error, system-out, system-err; the
/// attributes each system requires; times as non-negative decimals in seconds; timestamps without a zone), plus the
/// consistency rules no schema expresses (the counts on testsuites and testsuite are those of their test cases).
/// </summary>
public static class JUnitConventions
{
    private const string Schema = """
        <?xml version="1.0" encoding="utf-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
          <xs:simpleType name="seconds"><xs:restriction base="xs:decimal"><xs:minInclusive value="0"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="count"><xs:restriction base="xs:int"><xs:minInclusive value="0"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="name"><xs:restriction base="xs:token"><xs:minLength value="1"/></xs:restriction></xs:simpleType>
          <xs:simpleType name="timestamp">
            <xs:restriction base="xs:dateTime"><xs:pattern value="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"/></xs:restriction>
          </xs:simpleType>
          <xs:complexType name="result">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="message" type="xs:string"/>
                <xs:attribute name="type" type="xs:string" use="required"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="testcase">
            <xs:sequence>
              <xs:choice minOccurs="0">
                <xs:element name="skipped"><xs:complexType><xs:attribute name="message" type="xs:string"/></xs:complexType></xs:element>
                <xs:element name="failure" type="result"/>
                <xs:element name="error" type="result"/>
              </xs:choice>
              <xs:element name="system-out" type="xs:string" minOccurs="0"/>
              <xs:element name="system-err" type="xs:string" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="name" type="name" use="required"/>
            <xs:attribute name="classname" type="name" use="required"/>
            <xs:attribute name="time" type="seconds" use="required"/>
            <xs:attribute name="file" type="xs:string"/>
          </xs:complexType>
          <xs:complexType name="testsuite">
            <xs:sequence>
              <xs:element name="properties" minOccurs="0">
                <xs:complexType>
                  <xs:sequence>
                    <xs:element name="property" minOccurs="0" maxOccurs="unbounded">
                      <xs:complexType>
                        <xs:attribute name="name" type="name" use="required"/>
                        <xs:attribute name="value" type="xs:string" use="required"/>
                      </xs:complexType>
                    </xs:element>
                  </xs:sequence>
                </xs:complexType>
              </xs:element>
              <xs:element name="testcase" type="testcase" minOccurs="0" maxOccurs="unbounded"/>
              <xs:element name="system-out" type="xs:string" minOccurs="0"/>
              <xs:element name="system-err" type="xs:string" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="name" type="name" use="required"/>
            <xs:attribute name="tests" type="count" use="required"/>
            <xs:attribute name="failures" type="count" use="required"/>
            <xs:attribute name="errors" type="count" use="required"/>
            <xs:attribute name="skipped" type="count"/>
            <xs:attribute name="time" type="seconds" use="required"/>
            <xs:attribute name="timestamp" type="timestamp" use="required"/>
            <xs:attribute name="hostname" type="name" use="required"/>
            <xs:attribute name="package" type="xs:token"/>
            <xs:attribute name="id" type="count"/>
          </xs:complexType>
          <xs:element name="testsuites">
            <xs:complexType>
              <xs:sequence><xs:element name="testsuite" type="testsuite" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
              <xs:attribute name="name" type="xs:string"/>
              <xs:attribute name="tests" type="count" use="required"/>
              <xs:attribute name="failures" type="count" use="required"/>
              <xs:attribute name="errors" type="count" use="required"/>
              <xs:attribute name="skipped" type="count"/>
              <xs:attribute name="time" type="seconds" use="required"/>
              <xs:attribute name="timestamp" type="timestamp"/>
            </xs:complexType>
          </xs:element>
        </xs:schema>
        """;

    /// <summary>Every violation of the conventions in <paramref name="xml"/> (empty when it conforms).</summary>
    public static IReadOnlyList<string> Problems(string xml)
    {
        var problems = new List<string>();
        var schemas = new XmlSchemaSet();
        using (var schemaReader = XmlReader.Create(new StringReader(Schema.Trim())))
            schemas.Add(null, schemaReader);
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => problems.Add($"schema: {e.Message} (line {e.Exception?.LineNumber})");
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            problems.Add($"not well-formed XML: {e.Message}");
            return problems;
        }
        var root = document.Root!;
        CheckCounts(root, root.Descendants("testcase").ToList(), problems);
        foreach (var suite in root.Elements("testsuite"))
        {
            CheckCounts(suite, suite.Elements("testcase").ToList(), problems);
            var names = suite.Elements("testcase").Select(c => (string?)c.Attribute("name")).ToList();
            if (names.Distinct().Count() != names.Count)
                problems.Add($"testsuite {(string?)suite.Attribute("name")}: test case names are not unique (dashboards merge them)");
        }
        var ids = root.Elements("testsuite").Select(s => (string?)s.Attribute("id")).Where(i => i is not null).ToList();
        if (ids.Count > 0 && !ids.SequenceEqual(Enumerable.Range(0, ids.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))))
            problems.Add("testsuite ids are not 0, 1, 2, …");
        return problems;
    }

    private static void CheckCounts(XElement element, IReadOnlyList<XElement> cases, List<string> problems)
    {
        void Check(string attribute, int actual)
        {
            var declared = (string?)element.Attribute(attribute);
            if (declared is not null && declared != actual.ToString(CultureInfo.InvariantCulture))
                problems.Add($"{element.Name.LocalName} {(string?)element.Attribute("name")}: {attribute}=\"{declared}\" but it holds {actual}");
        }
        Check("tests", cases.Count);
        Check("failures", cases.Count(c => c.Element("failure") is not null));
        Check("errors", cases.Count(c => c.Element("error") is not null));
        Check("skipped", cases.Count(c => c.Element("skipped") is not null));
    }
}
