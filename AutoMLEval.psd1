# Module manifest of AutoMLEval: local, offline model evaluation (what the Vertex AI / AutoML "Evaluate" pages show).
# The build copies it into out/AutoMLEval/, above the two builds of the cmdlets; import that folder.
@{
    # PowerShell 7 (.NET) loads Core/, Windows PowerShell 5.1 (.NET Framework) Desktop/ ($PSEdition is Desktop or Core).
    RootModule           = if ($PSEdition -eq 'Core') { 'Core/AutoMLEval.PowerShell.dll' } else { 'Desktop/AutoMLEval.PowerShell.dll' }
    ModuleVersion        = '0.1.0'
    GUID                 = '763421b4-90ec-4540-8dfb-8ad86275668b'
    Author               = 'AutoMLEval maintainers'
    CompanyName          = 'AutoMLEval maintainers'
    Copyright            = 'Copyright (c) 2026 AutoMLEval maintainers'
    Description          = 'Local, offline and scriptable model evaluation, the figures of the Vertex AI / AutoML Evaluate pages computed as scikit-learn and pycocotools do: image classification (AuPRC, ROC AUC, log loss, precision/recall/F1 at a threshold, top-k accuracy, per-label slices, confusion matrix, bootstrap intervals, calibration, metadata slices), model comparisons with paired bootstrap intervals and McNemar''s test, release gates, error slices in embedding space, video classification with temporal IoU, object detection and instance segmentation (COCO''s 12 statistics), confidence-threshold sweeps, error galleries, embedding analyses (similar images, label issues, outliers, near-duplicates), local ONNX inference and a one-file HTML report, from Vertex AI / AutoML import and batch prediction files or COCO JSON.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('AutoMLEval.Format.ps1xml')
    TypesToProcess       = @('AutoMLEval.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-ModelEvaluation'
        'Invoke-ThresholdSweep'
        'Get-MisclassifiedImage'
        'Find-SimilarImage'
        'Find-LabelIssue'
        'Find-Outlier'
        'Find-NearDuplicate'
        'Invoke-ModelPrediction'
        'Export-ModelPrediction'
        'Export-EvaluationReport'
        'Compare-ModelEvaluation'
        'Test-ModelEvaluation'
        'Find-ErrorSlice'
        'Merge-ModelEvaluation'
        'Export-ModelEvaluation'
        'Import-ModelEvaluation'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MachineLearning', 'Evaluation', 'Classification', 'Video', 'ObjectDetection', 'COCO', 'Embeddings', 'ONNX', 'VertexAI', 'AutoML', 'Metrics', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'Sixteen cmdlets: Get-ModelEvaluation (classification, video, detection, segmentation; or -ModelPath to predict and evaluate; -SliceBy a metadata key; .Calibration; -AsPartial for a shard), Invoke-ThresholdSweep, Get-MisclassifiedImage, Find-SimilarImage, Find-LabelIssue, Find-Outlier, Find-NearDuplicate, Invoke-ModelPrediction, Export-ModelPrediction, Export-EvaluationReport, Compare-ModelEvaluation (paired bootstrap intervals, McNemar), Test-ModelEvaluation (release gates), Find-ErrorSlice (what the errors share), Merge-ModelEvaluation (shards evaluated anywhere, merged exactly), Export-ModelEvaluation and Import-ModelEvaluation (an evaluation saved as the CLI''s evaluate JSON, read back as a gate''s baseline). Files are -...Path parameters (old names kept as aliases; a labels file is -LabelPath), -Label is label names everywhere; outputs bind back by property name, undefined values are $null, views fit 80 columns. See docs/powershell-parameters.md.'
        }
    }
}
