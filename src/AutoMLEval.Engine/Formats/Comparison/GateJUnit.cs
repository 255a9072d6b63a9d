using System.Globalization;
using System.Text;
using System.Xml;
using AutoMLEval.Engine.Comparison;

namespace AutoMLEval.Engine.Formats.Comparison;

/// <summary>
/// Writes release-gate results as a JUnit XML file (one test case per gate, a <c>failure</c> element for each
/// failed one), the form CI systems (GitHub Actions, GitLab, Azure Pipelines, Jenkins) display as test results.
/// </summary>
public static class GateJUnit
{
    /// <summary>
    /// Writes the file as every output file is written (<see cref="OutputFile"/>): through a temporary file in the same
    /// folder, so that a failure leaves no half-written file; a missing folder is created, and a folder for a path is
    /// an error that names it (not the temporary file).
    /// </summary>
    public static void Write(string path, IReadOnlyList<GateResult> results, string suiteName)
    {
        using var file = OutputFile.Create(path);
        Write(file.Stream, results, suiteName);
        file.Commit();
    }

    /// <summary>Writes the XML document to a stream.</summary>
    public static void Write(Stream stream, IReadOnlyList<GateResult> results, string suiteName)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var xml = XmlWriter.Create(stream, settings);
        var failures = results.Count(r => !r.Passed).ToString(CultureInfo.InvariantCulture);
        var tests = results.Count.ToString(CultureInfo.InvariantCulture);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", suiteName);
        xml.WriteAttributeString("tests", tests);
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", "0");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", suiteName);
        xml.WriteAttributeString("tests", tests);
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
        foreach (var result in results)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", suiteName);
            xml.WriteAttributeString("name", result.Gate.ToString());
            if (!result.Passed)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", result.Message);
                xml.WriteAttributeString("type", "GateFailed");
                xml.WriteString(result.Message);
                xml.WriteEndElement();
            }
            else
            {
                xml.WriteElementString("system-out", result.Message);
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }
}
