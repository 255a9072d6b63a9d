// ConvertTo-Json writes every public property, hidden ones too. The engine's results and the hidden twins of visible
// figures stay out of it by the attribute each edition's serializer honours: Newtonsoft's in PowerShell 7,
// JavaScriptSerializer's in Windows PowerShell 5.1.
#if NET
global using NotInJson = Newtonsoft.Json.JsonIgnoreAttribute;
#else
global using NotInJson = System.Web.Script.Serialization.ScriptIgnoreAttribute;
#endif
