using System.Text.Json;
using AutoMLEval.Engine.Slices;

namespace AutoMLEval.Engine.Formats.Slices;

/// <summary>
/// Writes error slices as JSON: an array of <c>{items, size, errors, errorRate, errorRateLower, errorRateUpper,
/// overallErrorRate, lift, liftLowerBound, pValue, description, topConfusions[], overRepresented[], examples[]}</c>,
/// the CLI contract of <c>error-slices</c> and what the report embeds.
/// </summary>
public static class ErrorSliceJson
{
    /// <summary>Writes the slices as one JSON array, most significant first.</summary>
    public static void Write(Utf8JsonWriter writer, ErrorSliceResult result)
    {
        writer.WriteStartArray();
        foreach (var slice in result.Slices)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var item in slice.Items) writer.WriteStringValue(item);
            writer.WriteEndArray();
            writer.WriteNumber("size", slice.Size);
            writer.WriteNumber("errors", slice.Errors);
            writer.WriteNumber("errorRate", slice.ErrorRate);
            writer.WriteNumber("errorRateLower", slice.ErrorRateLower);
            writer.WriteNumber("errorRateUpper", slice.ErrorRateUpper);
            writer.WriteNumber("overallErrorRate", result.OverallErrorRate);
            writer.WriteNumber("lift", slice.Lift);
            writer.WriteNumber("liftLowerBound", slice.LiftLowerBound);
            writer.WriteNumber("pValue", slice.PValue);
            writer.WriteString("description", slice.Description);
            writer.WriteStartArray("topConfusions");
            foreach (var confusion in slice.TopConfusions)
            {
                writer.WriteStartObject();
                writer.WriteString("trueLabel", confusion.TrueLabel);
                writer.WriteString("predictedLabel", confusion.PredictedLabel);
                writer.WriteNumber("errors", confusion.Errors);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("overRepresented");
            foreach (var value in slice.OverRepresented)
            {
                writer.WriteStartObject();
                writer.WriteString("key", value.Key);
                writer.WriteString("value", value.Value);
                writer.WriteNumber("itemsInSlice", value.ItemsInSlice);
                writer.WriteNumber("shareInSlice", value.ShareInSlice);
                writer.WriteNumber("shareOverall", value.ShareOverall);
                writer.WriteNumber("ratio", value.Ratio);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("examples");
            foreach (var example in slice.Examples)
            {
                writer.WriteStartObject();
                writer.WriteString("content", example.ItemId);
                writer.WriteBoolean("isError", example.IsError);
                writer.WriteStartArray("nearestTraining");
                foreach (var item in example.NearestTrainingItems) writer.WriteStringValue(item);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
